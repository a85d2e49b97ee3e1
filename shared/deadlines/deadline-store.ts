import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, writeTogether } from '../clients/dynamo-helpers';
import type { Member } from '../members/member';
import { type ProgressDelta, type ProgressScope, progressUpdates } from '../progress/progress-counters';

/** One entry of the sparse `deadline` index. */
export interface DueEntry {
  memberId: string;
  deadlineSk: string;
}

/** The fields a deadline step may set on a member; the deadline keys are computed by the caller. */
export type DeadlineSet = Partial<Member>;

export interface DeadlineStore {
  /** The entries of one index partition (a day's shard) due at or before `until` (ISO instant). */
  due(partition: string, until: string): Promise<DueEntry[]>;
  /**
   * Applies one deadline step when the member is still in `seen.state` and still filed under
   * `seen.deadlineSk` (so a password changed meanwhile, or a second sweep that got there first,
   * makes it a no-op), moving the progress counters in the same transaction. False otherwise.
   */
  settle(
    seen: Pick<Member, 'memberId' | 'state' | 'deadlineSk'>,
    set: DeadlineSet,
    remove: Array<keyof Member>,
    progress?: { scope: ProgressScope; delta: ProgressDelta },
  ): Promise<boolean>;
}

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });

/** `deadlineSk` is `<instant>#<memberId>`: every key of an instant sorts below `<instant>$` (`$` follows `#`). */
export const dueUntilBound = (until: string) => `${until}$`;

export function dynamoDeadlineStore(db: DynamoDBDocumentClient, table: string): DeadlineStore {
  return {
    async due(partition, until) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'deadline',
        KeyConditionExpression: 'deadlinePk = :p AND deadlineSk < :until',
        ExpressionAttributeValues: { ':p': partition, ':until': dueUntilBound(until) },
        ProjectionExpression: 'memberId, deadlineSk',
      });
      return items.map((i) => ({ memberId: i.memberId as string, deadlineSk: i.deadlineSk as string }));
    },
    settle(seen, set, remove, progress) {
      const names = Object.keys(set);
      const filed = seen.deadlineSk === undefined ? 'attribute_not_exists(deadlineSk)' : 'deadlineSk = :seenSk';
      return writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(seen.memberId),
            UpdateExpression: [
              names.length ? `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}` : '',
              remove.length ? `REMOVE ${remove.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join(' '),
            ConditionExpression: `#state = :seenState AND ${filed}`,
            ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n as keyof Member]])),
              ':seenState': seen.state,
              ...(seen.deadlineSk !== undefined && { ':seenSk': seen.deadlineSk }),
            },
          },
        },
        progress ? progressUpdates(table, progress.scope, progress.delta) : [],
      );
    },
  };
}
