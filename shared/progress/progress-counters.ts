import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { addCounters, type TransactItem } from '../clients/dynamo-helpers';

import { PROGRESS_KEYS, type ProgressCounts, type ProgressDelta, type ProgressKey } from './progress-keys';

export { noProgress, PROGRESS_KEYS, type ProgressCounts, type ProgressDelta, type ProgressKey } from './progress-keys';

export interface ProgressScope {
  lotId?: string | null;
  institutionCode?: string | null;
  /**
   * Whether a member's change also moves the deployment-wide counters (default: yes, whenever an
   * institution is named). A move between two institutions passes false: it changes no total, and
   * one transaction may not touch the deployment item twice.
   */
  deployment?: boolean;
  /** An institution's own mailboxes, counted apart from its staff (shared/institution-mailboxes). */
  institutionMailboxes?: string | null;
}

/**
 * Counted deployment-wide too, on `PROGRESS#ALL`: only what a deployment-wide report needs
 * (accounts closed), so that item is written by the few transitions into and out of a closed
 * state (the sweep, resets, reopened windows) and never becomes every write's hot spot.
 */
export const DEPLOYMENT_KEYS = ['expired'] as const satisfies readonly ProgressKey[];

const DEPLOYMENT = { pk: 'PROGRESS#ALL', sk: 'COUNTS' };

/** The key of an institution's counters item (its staff, by state). */
export const institutionCountersKey = (institutionCode: string) => ({ pk: `PROGRESS#INSTITUTION#${institutionCode}`, sk: 'COUNTS' });

/** The counts of a counters item as stored (absent item or attribute: zero). */
export const countsOf = (item: Record<string, unknown> | undefined): ProgressCounts =>
  Object.fromEntries(PROGRESS_KEYS.map((k) => [k, Number(item?.[k] ?? 0)])) as ProgressCounts;

const counterKeys = (scope: ProgressScope) => [
  ...(scope.lotId ? [{ pk: `PROGRESS#LOT#${scope.lotId}`, sk: 'COUNTS' }] : []),
  ...(scope.institutionCode ? [institutionCountersKey(scope.institutionCode)] : []),
  ...(scope.institutionMailboxes ? [{ pk: `PROGRESS#MAILBOXES#${scope.institutionMailboxes}`, sk: 'COUNTS' }] : []),
];

/**
 * Counter increments to write in the same transaction as the state change they count, so the
 * counters equal the truth and a progress read is one GetItem, never a scan.
 */
export function progressUpdates(table: string, scope: ProgressScope, delta: ProgressDelta): TransactItem[] {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (entries.length === 0) return [];
  const deploymentEntries =
    scope.institutionCode && scope.deployment !== false ? entries.filter(([k]) => (DEPLOYMENT_KEYS as readonly string[]).includes(k)) : [];
  return [
    ...counterKeys(scope).map((Key) => addCounters(table, Key, entries)),
    ...(deploymentEntries.length > 0 ? [addCounters(table, DEPLOYMENT, deploymentEntries)] : []),
  ];
}

/** The deployment-wide counters (`DEPLOYMENT_KEYS`): one read. */
export async function readDeploymentProgress(
  db: DynamoDBDocumentClient,
  table: string,
): Promise<Record<(typeof DEPLOYMENT_KEYS)[number], number>> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: DEPLOYMENT, ConsistentRead: true }));
  return Object.fromEntries(DEPLOYMENT_KEYS.map((k) => [k, Number(Item?.[k] ?? 0)])) as Record<(typeof DEPLOYMENT_KEYS)[number], number>;
}

export async function readProgress(db: DynamoDBDocumentClient, table: string, scope: ProgressScope): Promise<ProgressCounts> {
  const [Key] = counterKeys(scope);
  const { Item } = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
  return countsOf(Item);
}
