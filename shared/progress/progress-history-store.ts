import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll, untilProcessed } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import { countsOf, institutionCountersKey, type ProgressCounts } from './progress-counters';
import type { ProgressHistoryStore, ProgressSnapshot } from './progress-history';

const pk = (institutionCode: string) => `PROGRESS_DAYS#${institutionCode}`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const slices = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Parsed at the edge: a day item that is not one (no day, no instant) is left out rather than shown wrong. */
function snapshotOf(raw: Record<string, unknown>): ProgressSnapshot | null {
  const day = typeof raw.day === 'string' && DAY.test(raw.day) ? raw.day : null;
  if (!day || typeof raw.takenAt !== 'string' || typeof raw.institutionCode !== 'string') return null;
  return { institutionCode: raw.institutionCode, day, takenAt: raw.takenAt, counts: countsOf(raw) };
}

/**
 * Items: `PROGRESS_DAYS#<institution>` / `DAY#<yyyy-mm-dd>`, the counts as attributes (like the
 * counters item they copy), `expiresAt` (TTL, epoch seconds). One partition per institution, so
 * a history read is one query on a key range.
 */
export function dynamoProgressHistoryStore(db: DynamoDBDocumentClient, table: string): ProgressHistoryStore {
  return {
    async countersOf(codes) {
      const found = new Map<string, ProgressCounts>(codes.map((c) => [c, countsOf(undefined)]));
      await inPool(slices([...new Set(codes)], 100), 4, (slice) =>
        untilProcessed<Record<string, unknown>>(slice.map(institutionCountersKey), async (keys) => {
          const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          for (const raw of out.Responses?.[table] ?? []) found.set(String(raw.pk).slice('PROGRESS#INSTITUTION#'.length), countsOf(raw));
          return out.UnprocessedKeys?.[table]?.Keys;
        }),
      );
      return found;
    },
    async put(snapshots, expiresAt) {
      const ttl = Math.floor(expiresAt.getTime() / 1000);
      const requests = snapshots.map((s) => ({
        PutRequest: {
          Item: {
            pk: pk(s.institutionCode),
            sk: `DAY#${s.day}`,
            institutionCode: s.institutionCode,
            day: s.day,
            takenAt: s.takenAt,
            ...s.counts,
            expiresAt: ttl,
          },
        },
      }));
      await inPool(slices(requests, 25), 4, (batch) =>
        untilProcessed(batch, async (pending) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          return out.UnprocessedItems?.[table] as typeof pending | undefined;
        }),
      );
    },
    async between(institutionCode, from, to) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk(institutionCode), ':from': `DAY#${from}`, ':to': `DAY#${to}` },
        ScanIndexForward: true,
      });
      return items.flatMap((raw) => snapshotOf(raw) ?? []);
    },
  };
}
