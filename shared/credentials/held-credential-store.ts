import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { MemberState } from '../members/member';

/** The `due` index partition of members whose provisioning waits for a channel hold to end. */
export const HELD_PARTITION = 'CREDENTIALS-HELD';

export interface HeldEntry {
  memberId: string;
  /** When the hold ends (`credentialsHeldUntil`). */
  until: string;
}

/**
 * Members whose credentials wait for a channel-change hold, and operators' confirmations. The
 * waiting list is the sparse `due` index (`CREDENTIALS-HELD`, sorted by the hold's end), so the
 * release schedule reads only who is due — never a scan.
 */
export interface HeldCredentialStore {
  /** Files the member as waiting until `until`, if it is still in `state`; false otherwise. */
  park(memberId: string, state: MemberState, until: string): Promise<boolean>;
  /** Waiting members whose hold ends at or before `until`, soonest first. */
  due(until: string, limit: number): Promise<HeldEntry[]>;
  /** Takes the member off the waiting list, if it is still on it; false otherwise. */
  unpark(memberId: string): Promise<boolean>;
  /** Records an operator's confirmation of the member's changed channels. */
  confirm(memberId: string, at: string): Promise<boolean>;
}

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });

async function conditional(db: DynamoDBDocumentClient, command: UpdateCommand): Promise<boolean> {
  try {
    await db.send(command);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** On the member items themselves (`credentialsHeldUntil`, `duePk`/`dueSk`, `channelChangeConfirmedAt`). */
export function dynamoHeldCredentialStore(db: DynamoDBDocumentClient, table: string): HeldCredentialStore {
  return {
    park: (memberId, state, until) =>
      conditional(
        db,
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'SET credentialsHeldUntil = :until, duePk = :held, dueSk = :sk',
          // Pending or account-created members have no reminder keys of their own to lose here.
          ConditionExpression: '#state = :state',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':until': until, ':held': HELD_PARTITION, ':sk': `${until}#${memberId}`, ':state': state },
        }),
      ),
    async due(until, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'due',
          KeyConditionExpression: 'duePk = :held AND dueSk <= :until',
          ExpressionAttributeValues: { ':held': HELD_PARTITION, ':until': `${until}#\uffff` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => ({ memberId: i.memberId as string, until: i.credentialsHeldUntil as string }));
    },
    unpark: (memberId) =>
      conditional(
        db,
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'REMOVE credentialsHeldUntil, duePk, dueSk',
          // Only our own entry: reminder keys the provisioning filed meanwhile stay.
          ConditionExpression: 'duePk = :held',
          ExpressionAttributeValues: { ':held': HELD_PARTITION },
        }),
      ),
    confirm: (memberId, at) =>
      conditional(
        db,
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'SET channelChangeConfirmedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
  };
}
