import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import { confirmChannelChange } from '../../shared/credentials/held-credentials';
import { type RecoveryPhoneEntry, type RecoveryPhoneStore, syncRecoveryPhones } from '../../shared/credentials/recovery-phone';
import { TooManyRequestsError } from '../../shared/errors';
import type { Member } from '../../shared/members/member';
import { loadProfile } from '../../shared/profiles';
import { actorOf, held } from '../helpers/actors';

/**
 * The account's recovery phone (Cognito's `phone_number`, where self-service reset codes go)
 * follows a re-imported phone once the channel-change hold ends, or at once when an operator
 * confirms the change. The member store files the entry in the re-import's own write and the
 * Dynamo store is exercised on DynamoDB Local (test/integration/channel-change.test.ts); here the
 * rules, with the injected clock.
 */
const profile = loadProfile('it-miur');
const CHANGED = '2027-03-01T09:00:00.000Z';
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(CHANGED) + ms);
const NEW_PHONE = '+393479999999';

const member = (id: string, over: Partial<Member> = {}): Member => ({
  memberId: id,
  nidHmac: 'h',
  nidLast3: '12A',
  givenName: 'Maria',
  familyName: 'Bianchi',
  phone: NEW_PHONE,
  institutionCode: 'DEMO001',
  category: 'teacher',
  oldAddress: `${id}@istruzione.it`,
  alternateEmail: null,
  locale: 'it',
  address: `${id}@posta.istruzione.it`,
  state: 'notified',
  rowHash: 'r',
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  importJobId: 'j',
  accountCreatedAt: '2027-01-31T08:00:00.000Z',
  phoneChangedAt: CHANGED,
  ...over,
});

function world(members: Member[], entries: RecoveryPhoneEntry[] = members.map((m) => ({ memberId: m.memberId, changedAt: CHANGED }))) {
  const byId = new Map(members.map((m) => [m.memberId, m]));
  const list = new Map(entries.map((e) => [e.memberId, e]));
  /** The accounts Cognito has, by username, with their recovery phone. */
  const accounts = new Map(members.filter((m) => m.accountCreatedAt).map((m) => [m.address, '+393470000000']));
  const failing = new Set<string>();
  let throttled = false;
  const audits: AuditEntry[] = [];
  const store: RecoveryPhoneStore = {
    // Paged as DynamoDB pages: `next` names the last entry read.
    async due(changedBy, limit, after) {
      const due = [...list.values()]
        .filter((e) => e.changedAt <= changedBy)
        .sort((a, b) => `${a.changedAt}#${a.memberId}`.localeCompare(`${b.changedAt}#${b.memberId}`));
      const from = after ? due.findIndex((e) => `${e.changedAt}#${e.memberId}` > String(after.key)) : 0;
      const entries = from < 0 ? [] : due.slice(from, from + limit);
      const last = entries.at(-1);
      return { entries, ...(from >= 0 && from + limit < due.length && last && { next: { key: `${last.changedAt}#${last.memberId}` } }) };
    },
    file: async (e) => void list.set(e.memberId, e),
    async done(e) {
      if (list.get(e.memberId)?.changedAt !== e.changedAt) return false;
      return list.delete(e.memberId);
    },
  };
  const deps = (now: Date) => ({
    entries: store,
    recoveryPhones: store,
    members: { get: async (id: string) => structuredClone(byId.get(id) ?? null) },
    directory: {
      async setRecoveryPhone(username: string, phone: string) {
        if (throttled) throw new TooManyRequestsError('slow down');
        if (failing.has(username)) throw Object.assign(new Error('refused'), { name: 'InvalidParameterException' });
        if (!accounts.has(username)) return 'no-account' as const;
        accounts.set(username, phone);
        return 'updated' as const;
      },
    },
    audit: { record: async (e: AuditEntry) => void audits.push(e) },
    // Confirmation's other parts, unused here.
    held: { park: async () => true, due: async () => [], unpark: async () => true, confirm: async () => true },
    enqueue: async () => {},
    profile,
    clock: fixedClock(now.toISOString()),
  });
  return {
    list,
    accounts,
    audits,
    deps,
    failing,
    throttle: () => {
      throttled = true;
    },
  };
}

describe('the sync-recovery-phones schedule', () => {
  it('sets the account’s recovery phone once the hold is over (its end exclusive), not before, audited without the number', async () => {
    const w = world([member('m-1')]);
    expect(await syncRecoveryPhones(w.deps(at(24 * HOUR - 1)), 'run-1')).toEqual({
      updated: 0,
      noAccount: 0,
      gone: 0,
      stillHeld: 0,
      failed: 0,
    });
    expect(w.accounts.get('m-1@posta.istruzione.it')).toBe('+393470000000');
    expect(await syncRecoveryPhones(w.deps(at(24 * HOUR)), 'run-2')).toMatchObject({ updated: 1 });
    expect(w.accounts.get('m-1@posta.istruzione.it')).toBe(NEW_PHONE);
    expect(w.list.size).toBe(0);
    expect(w.audits).toEqual([
      {
        actor: 'system:sync-recovery-phones',
        role: 'system',
        requestId: 'run-2',
        action: 'member.recovery-phone-updated',
        target: 'm-1',
        institution: 'DEMO001',
        at: at(24 * HOUR),
        outcome: 'success',
        details: { phoneChangedAt: CHANGED },
      },
    ]);
    expect(JSON.stringify(w.audits)).not.toContain(NEW_PHONE.slice(-7));
    // Done once: a later run finds nothing.
    expect(await syncRecoveryPhones(w.deps(at(48 * HOUR)), 'run-3')).toMatchObject({ updated: 0 });
  });

  it('a member without an account, or gone, leaves the list; one whose phone changed again is filed at the new change', async () => {
    const again = member('m-3', { phoneChangedAt: at(20 * HOUR).toISOString() });
    const w = world(
      [member('m-1', { accountCreatedAt: undefined, state: 'pending' }), again],
      [
        { memberId: 'm-1', changedAt: CHANGED },
        { memberId: 'm-2', changedAt: CHANGED },
        { memberId: 'm-3', changedAt: CHANGED },
      ],
    );
    expect(await syncRecoveryPhones(w.deps(at(24 * HOUR)), 'run')).toEqual({ updated: 0, noAccount: 1, gone: 1, stillHeld: 1, failed: 0 });
    expect([...w.list.values()]).toEqual([{ memberId: 'm-3', changedAt: at(20 * HOUR).toISOString() }]);
    expect(await syncRecoveryPhones(w.deps(at(44 * HOUR)), 'run')).toMatchObject({ updated: 1 });
    expect(w.audits).toHaveLength(1);
  });

  it('one account Cognito refuses stays on the list for the next run without stopping the others; throttling stops the run', async () => {
    const w = world([member('m-1'), member('m-2')]);
    w.failing.add('m-1@posta.istruzione.it');
    expect(await syncRecoveryPhones(w.deps(at(25 * HOUR)), 'run')).toMatchObject({ updated: 1, failed: 1 });
    expect([...w.list.keys()]).toEqual(['m-1']);
    w.throttle();
    await expect(syncRecoveryPhones(w.deps(at(26 * HOUR)), 'run')).rejects.toBeInstanceOf(TooManyRequestsError);
    expect([...w.list.keys()]).toEqual(['m-1']);
  });

  it('reads on page after page; stops at its run’s Cognito calls; members who cannot have an account cost no call', async () => {
    const accounts = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'].map((id) => member(id));
    const pending = ['a-1', 'a-2', 'a-3'].map((id) => member(id, { state: 'pending', accountCreatedAt: undefined }));
    const w = world([...pending, ...accounts]);
    const limits = { calls: 3, entries: 100, page: 2 };
    expect(await syncRecoveryPhones(w.deps(at(25 * HOUR)), 'run', limits)).toMatchObject({ updated: 3, noAccount: 3 });
    expect([...w.list.keys()].sort()).toEqual(['m-4', 'm-5']);
    expect(await syncRecoveryPhones(w.deps(at(25 * HOUR)), 'run', limits)).toMatchObject({ updated: 2, noAccount: 0 });
    expect(w.list.size).toBe(0);
    // The entries bound: a run reads no further than it (here one page of two).
    const many = world(['p-1', 'p-2', 'p-3', 'p-4'].map((id) => member(id, { state: 'pending', accountCreatedAt: undefined })));
    expect(await syncRecoveryPhones(many.deps(at(25 * HOUR)), 'run', { calls: 10, entries: 2, page: 2 })).toMatchObject({ noAccount: 2 });
    expect(many.list.size).toBe(2);
  });
});

describe('an operator’s confirmation', () => {
  const operator = actorOf('confirmChannelChange', [held('operator')], { sub: 'op-1', login: 'op' });

  it('makes the confirmed phone the recovery phone at once and takes the entry off', async () => {
    const w = world([member('m-1')]);
    const out = await confirmChannelChange('m-1', 'ticket 12: confirmed in person', operator, 'r-1', w.deps(at(HOUR)));
    expect(out).toMatchObject({ channels: ['phone'], recoveryPhone: 'updated' });
    expect(w.accounts.get('m-1@posta.istruzione.it')).toBe(NEW_PHONE);
    expect(w.list.size).toBe(0);
    expect(w.audits.map((a) => [a.action, a.actor, a.role])).toEqual([
      ['member.recovery-phone-updated', 'op-1', 'operator'],
      ['member.channel-change-confirmed', 'op-1', 'operator'],
    ]);
    expect(w.audits[1]?.details).toMatchObject({ recoveryPhone: 'updated' });
  });

  it('only the alternate email held: the recovery phone is left alone; Cognito failing: pending, the schedule does it when the hold ends', async () => {
    const emailOnly = member('m-1', { phoneChangedAt: undefined, alternateEmailChangedAt: CHANGED });
    const w = world([emailOnly, member('m-2')], [{ memberId: 'm-2', changedAt: CHANGED }]);
    expect(await confirmChannelChange('m-1', 'new address checked', operator, 'r', w.deps(at(HOUR)))).toMatchObject({
      channels: ['alternateEmail'],
      recoveryPhone: 'unchanged',
    });
    expect(w.accounts.get('m-1@posta.istruzione.it')).toBe('+393470000000');

    w.failing.add('m-2@posta.istruzione.it');
    expect(await confirmChannelChange('m-2', 'confirmed by phone call', operator, 'r', w.deps(at(HOUR)))).toMatchObject({
      recoveryPhone: 'pending',
    });
    expect([...w.list.keys()]).toEqual(['m-2']);
    w.failing.clear();
    expect(await syncRecoveryPhones(w.deps(at(24 * HOUR)), 'run')).toMatchObject({ updated: 1 });
  });
});
