import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Member } from '../../shared/members/member';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { counterOf, memberCounts, negate } from '../../shared/members/state-counter';
import { PROGRESS_KEYS, progressUpdates } from '../../shared/progress/progress-counters';

describe('member counts', () => {
  it('maps each state to its progress counter', () => {
    expect(counterOf('pending')).toBe('pending');
    expect(counterOf('notified')).toBe('notified');
    expect(counterOf('activated')).toBe('activated');
    expect(counterOf('expired')).toBe('expired');
    // Counted once the counter exists (PROGRESS_KEYS), not before.
    expect(counterOf('account-created')).toBe((PROGRESS_KEYS as readonly string[]).includes('accountCreated') ? 'accountCreated' : null);
  });

  it('a re-notified member also counts in reNotified; negate takes the same counts away', () => {
    expect(memberCounts({ state: 'pending' })).toEqual({ pending: 1 });
    expect(memberCounts({ state: 'notified', noticesSent: 1 })).toEqual({ notified: 1 });
    expect(memberCounts({ state: 'notified', noticesSent: 3 })).toEqual({ notified: 1, reNotified: 1 });
    expect(negate({ notified: 1, reNotified: 1 })).toEqual({ notified: -1, reNotified: -1 });
  });
});

/** The counter updates of a transaction, as `{ '<institution>': { key: delta } }`. */
function counterMoves(input: TransactWriteCommand['input']) {
  const moves: Record<string, Record<string, number>> = {};
  for (const item of input.TransactItems?.slice(1) ?? []) {
    const u = item.Update;
    if (!u) continue;
    const inst = String(u.Key?.pk).replace('PROGRESS#INSTITUTION#', '');
    for (const [alias, key] of Object.entries(u.ExpressionAttributeNames ?? {})) {
      moves[inst] = { ...moves[inst], [key]: u.ExpressionAttributeValues?.[alias.replace('#k', ':v')] as number };
    }
  }
  return moves;
}

describe('updateImported', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = dynamoMemberStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' })), 'T');
  const fields = {
    givenName: 'Mario',
    familyName: 'Rossi',
    phone: '+393331234567',
    institutionCode: 'NEW00001',
    category: 'teacher' as const,
    oldAddress: null,
    alternateEmail: null,
    locale: 'it' as const,
    rowHash: 'h2',
    updatedAt: '2027-01-01T00:00:00.000Z',
    importJobId: 'j2',
  };
  const previous = { rowHash: 'h1', institutionCode: 'OLD00001', state: 'pending' as const };
  beforeEach(() => ddb.reset());

  it('without an institution change writes the member alone', async () => {
    ddb.on(UpdateCommand).resolves({});
    expect(await store.updateImported('m1', { ...fields, institutionCode: 'OLD00001' }, previous)).toBe('updated');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('moves the counts from the old institution to the new one in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await store.updateImported('m1', fields, previous)).toBe('updated');
    const [call] = ddb.commandCalls(TransactWriteCommand);
    expect(counterMoves(call?.args[0].input as TransactWriteCommand['input'])).toEqual({
      OLD00001: { pending: -1 },
      NEW00001: { pending: 1 },
    });
  });

  it('when a launch changed the state meanwhile, reads it again and moves the counts of the new state', async () => {
    const cancelled = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled).resolves({});
    const now: Partial<Member> = { ...previous, state: 'notified', noticesSent: 2 };
    ddb.on(GetCommand).resolves({ Item: now });
    expect(await store.updateImported('m1', fields, previous)).toBe('updated');
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(2);
    expect(counterMoves(calls[1]?.args[0].input as TransactWriteCommand['input'])).toEqual({
      OLD00001: { notified: -1, reNotified: -1 },
      NEW00001: { notified: 1, reNotified: 1 },
    });
  });

  it('an expired member moving institution changes no deployment total (and touches the deployment item not at all)', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await store.updateImported('m1', fields, { ...previous, state: 'password-expired' })).toBe('updated');
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Update?.Key?.pk ?? i.Put?.Item?.pk)).not.toContain('PROGRESS#ALL');
  });

  it('gives up (stale) when another import replaced the row meanwhile', async () => {
    const cancelled = Object.assign(new Error('cancelled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    });
    ddb.on(TransactWriteCommand).rejects(cancelled);
    ddb.on(GetCommand).resolves({ Item: { ...previous, rowHash: 'h9' } });
    expect(await store.updateImported('m1', fields, previous)).toBe('stale');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  describe('with the address of a pending member following its old address', () => {
    const move = { from: 'old@posta.istruzione.it', to: 'new@posta.istruzione.it' };
    const same = { ...fields, institutionCode: 'OLD00001' };
    const cancelledAt = (index: number, items: number) =>
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === index ? 'ConditionalCheckFailed' : 'None' })),
      });

    it('claims the new address, releases the old one and sets the member’s address in one transaction, in no lot', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      expect(await store.updateImported('m1', same, previous, move)).toBe('updated');
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items.map((i) => Object.keys(i)[0])).toEqual(['Update', 'Put', 'Delete']);
      expect(items[0]?.Update?.ConditionExpression).toContain('attribute_not_exists(lotId)');
      expect(Object.values(items[0]?.Update?.ExpressionAttributeValues ?? {})).toContain(move.to);
      expect(items[1]?.Put?.Item).toEqual({ pk: `ADDRESS#${move.to}`, sk: 'ADDRESS', memberId: 'm1' });
      expect(items[2]?.Delete).toMatchObject({ Key: { pk: `ADDRESS#${move.from}`, sk: 'ADDRESS' }, ConditionExpression: 'memberId = :me' });
    });

    it('in a lot, only while the lot has not started launching: `launching` otherwise, `address_taken` for a taken address', async () => {
      const inLot = { ...previous, lotId: 'L1' };
      ddb.on(TransactWriteCommand).rejectsOnce(cancelledAt(3, 4)).rejectsOnce(cancelledAt(1, 4));
      expect(await store.updateImported('m1', same, inLot, move)).toBe('launching');
      expect(await store.updateImported('m1', same, inLot, move)).toBe('address_taken');
      const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
      expect(items[0]?.Update?.ConditionExpression).toContain('lotId = :lot');
      expect(items[3]?.ConditionCheck).toMatchObject({
        Key: { pk: 'LOT#L1', sk: 'LOT' },
        ConditionExpression: '#state IN (:scheduled, :cancelled)',
      });
    });

    it('never moves the address of a member no longer pending', async () => {
      expect(await store.updateImported('m1', same, { ...previous, state: 'notified' }, move)).toBe('stale');
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });
});

describe('deployment-wide counters', () => {
  const keys = (items: ReturnType<typeof progressUpdates>) => items.map((i) => i.Update?.Key?.pk);

  it('a closing or reopening moves PROGRESS#ALL with the institution, in the same transaction items', () => {
    const items = progressUpdates('T', { lotId: 'l1', institutionCode: 'I1' }, { notified: -1, expired: 1 });
    expect(keys(items)).toEqual(['PROGRESS#LOT#l1', 'PROGRESS#INSTITUTION#I1', 'PROGRESS#ALL']);
    // Only the deployment's own figures go to it.
    expect(Object.values(items[2]?.Update?.ExpressionAttributeNames ?? {})).toEqual(['expired']);
    expect(items[2]?.Update?.ExpressionAttributeValues).toEqual({ ':v0': 1 });
  });

  it('changes that close nothing never write the deployment item (no hot spot on every launch)', () => {
    expect(keys(progressUpdates('T', { lotId: 'l1', institutionCode: 'I1' }, { pending: -1, notified: 1 }))).not.toContain('PROGRESS#ALL');
    expect(keys(progressUpdates('T', { lotId: 'l1' }, { expired: 1 }))).toEqual(['PROGRESS#LOT#l1']);
    expect(keys(progressUpdates('T', { institutionCode: 'I1', deployment: false }, { expired: -1 }))).toEqual(['PROGRESS#INSTITUTION#I1']);
  });
});
