import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { addCounters, type TransactItem } from '../clients/dynamo-helpers';
import { logger } from '../logger';

/** What the delivery report counts, per institution and deployment-wide, per calendar month (UTC). */
export const DELIVERY_KEYS = ['emailsSent', 'emailsRejected', 'emailsBounced', 'emailsComplained', 'smsSent', 'smsFailed'] as const;
export type DeliveryKey = (typeof DELIVERY_KEYS)[number];
export type DeliveryDelta = Partial<Record<DeliveryKey, number>>;
export type DeliveryCounts = Record<DeliveryKey, number>;

/** `2027-02` from an instant: the month bucket a count lands in (the time it was recorded, UTC). */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/**
 * `STATS#ALL` is the deployment, `STATS#INSTITUTION#<code>` one institution; `MONTH#<yyyy-mm>`
 * is the bucket. A report is one GetItem; a count is an `ADD` on at most two items.
 */
const statsKey = (institutionCode: string | null, month: string) => ({
  pk: institutionCode ? `STATS#INSTITUTION#${institutionCode}` : 'STATS#ALL',
  sk: `MONTH#${month}`,
});

/** Counter increments for the deployment and (when known) the institution, to write with the event they count. */
export function deliveryStatsUpdates(
  table: string,
  institutionCode: string | null | undefined,
  delta: DeliveryDelta,
  at: Date,
): TransactItem[] {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (entries.length === 0) return [];
  const month = monthOf(at);
  const keys = [statsKey(null, month), ...(institutionCode ? [statsKey(institutionCode, month)] : [])];
  return keys.map((key) => addCounters(table, key, entries));
}

export type DeliveryCounter = (institutionCode: string | null | undefined, delta: DeliveryDelta, at: Date) => Promise<void>;

/**
 * Counts a send that has already happened, on its own (deployment and institution together).
 * It never throws: the send cannot be undone, and a failure here must not make the caller retry
 * (and send again). A lost count is logged instead.
 */
export function dynamoDeliveryCounter(db: DynamoDBDocumentClient, table: string): DeliveryCounter {
  return async (institutionCode, delta, at) => {
    const items = deliveryStatsUpdates(table, institutionCode, delta, at);
    if (items.length === 0) return;
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      logger.warn('delivery statistics not counted', { institutionCode, delta, error: (error as Error).name });
    }
  };
}

export async function readDeliveryStats(
  db: DynamoDBDocumentClient,
  table: string,
  institutionCode: string | null,
  month: string,
): Promise<DeliveryCounts> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: statsKey(institutionCode, month), ConsistentRead: true }));
  return Object.fromEntries(DELIVERY_KEYS.map((k) => [k, Number(Item?.[k] ?? 0)])) as DeliveryCounts;
}
