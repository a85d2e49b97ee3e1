import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../clients/dynamo-helpers';

/** What the progress screens count, per lot and per institution. */
export const PROGRESS_KEYS = ['pending', 'accountCreated', 'notified', 'reNotified', 'bounced', 'activated', 'expired'] as const;
export type ProgressKey = (typeof PROGRESS_KEYS)[number];
export type ProgressDelta = Partial<Record<ProgressKey, number>>;
export type ProgressCounts = Record<ProgressKey, number>;

/** Every counter at zero. */
export const noProgress = (): ProgressCounts => Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0])) as ProgressCounts;

export interface ProgressScope {
  lotId?: string | null;
  institutionCode?: string | null;
  /** An institution's own mailboxes, counted apart from its staff (shared/institution-mailboxes). */
  institutionMailboxes?: string | null;
}

const counterKeys = (scope: ProgressScope) => [
  ...(scope.lotId ? [{ pk: `PROGRESS#LOT#${scope.lotId}`, sk: 'COUNTS' }] : []),
  ...(scope.institutionCode ? [{ pk: `PROGRESS#INSTITUTION#${scope.institutionCode}`, sk: 'COUNTS' }] : []),
  ...(scope.institutionMailboxes ? [{ pk: `PROGRESS#MAILBOXES#${scope.institutionMailboxes}`, sk: 'COUNTS' }] : []),
];

/**
 * Counter increments to write in the same transaction as the state change they count, so the
 * counters equal the truth and a progress read is one GetItem, never a scan.
 */
export function progressUpdates(table: string, scope: ProgressScope, delta: ProgressDelta): TransactItem[] {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (entries.length === 0) return [];
  return counterKeys(scope).map((Key) => ({
    Update: {
      TableName: table,
      Key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    },
  }));
}

export async function readProgress(db: DynamoDBDocumentClient, table: string, scope: ProgressScope): Promise<ProgressCounts> {
  const [Key] = counterKeys(scope);
  const { Item } = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
  return Object.fromEntries(PROGRESS_KEYS.map((k) => [k, Number(Item?.[k] ?? 0)])) as ProgressCounts;
}
