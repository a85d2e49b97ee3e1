import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { queryCount } from '../clients/dynamo-helpers';
import { addDays } from '../clock';
import { DEADLINE_SHARDS, deadlinePartition } from '../deadlines/next-deadline';
import { logger } from '../logger';

/** `2026-W48`: the ISO 8601 week (Monday to Sunday, UTC) an instant falls in. */
export function isoWeekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this week decides the week-year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const weekKey = (institutionCode: string | null, week: string) => ({
  pk: institutionCode ? `STATS#INSTITUTION#${institutionCode}` : 'STATS#ALL',
  sk: `WEEK#${week}`,
});

/** Counts an account or activation window reopened (institution and deployment, ISO week of `at`). */
export type ReopenCounter = (institutionCode: string, at: Date) => Promise<void>;

/** Never throws: it runs after the reopening was written, which a failed count must not undo or repeat. */
export function dynamoReopenCounter(db: DynamoDBDocumentClient, table: string): ReopenCounter {
  return async (institutionCode, at) => {
    const week = isoWeekOf(at);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [weekKey(null, week), weekKey(institutionCode, week)].map((Key) => ({
            Update: { TableName: table, Key, UpdateExpression: 'ADD reopened :one', ExpressionAttributeValues: { ':one': 1 } },
          })),
        }),
      );
    } catch (error) {
      logger.warn('reopening not counted', { institutionCode, error: (error as Error).name });
    }
  };
}

export async function readReopened(db: DynamoDBDocumentClient, table: string, institutionCode: string | null, week: string) {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: weekKey(institutionCode, week), ConsistentRead: true }));
  return Number(Item?.reopened ?? 0);
}

/**
 * Members whose next deadline (any kind) falls between now and 7 days on, deployment-wide: a
 * `Select: COUNT` over the `deadline` index's partitions of those 8 days × 8 shards (64 queries,
 * each reading only due entries). The index is by day and shard, not institution, so there is no
 * per-institution figure without reading the whole week's entries of the deployment.
 */
export async function countDeadlinesWithin7Days(db: DynamoDBDocumentClient, table: string, now: Date): Promise<number> {
  const from = now.toISOString();
  const to = addDays(now, 7).toISOString();
  const days = Array.from({ length: 8 }, (_, i) => addDays(now, i).toISOString().slice(0, 10));
  const counts = await Promise.all(
    days.flatMap((day) =>
      Array.from({ length: DEADLINE_SHARDS }, (_, shard) =>
        queryCount(db, {
          TableName: table,
          IndexName: 'deadline',
          KeyConditionExpression: 'deadlinePk = :pk AND deadlineSk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': deadlinePartition(day, shard), ':from': from, ':to': to },
        }),
      ),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
