import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors';

export const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** A transaction cancelled because a condition failed: on item `index`, or on any item when omitted. */
export function isCancelledByCondition(error: unknown, index?: number): boolean {
  if ((error as Error).name !== 'TransactionCanceledException') return false;
  const codes = ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map((r) => r.Code);
  return index === undefined ? codes.includes('ConditionalCheckFailed') : codes[index] === 'ConditionalCheckFailed';
}

/**
 * Batch calls hand back what DynamoDB did not get to (throttling, size): calls `step` with the
 * leftovers until none remain, backing off exponentially, so callers never drop items silently.
 */
export async function untilProcessed<T>(items: T[], step: (batch: T[]) => Promise<T[] | undefined>): Promise<void> {
  let pending: T[] | undefined = items;
  for (let attempt = 0; pending && pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt - 1, 6)));
    pending = await step(pending);
  }
}

/** Every item of a query, page after page (for bounded result sets: an institution, a day shard). */
export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** How many items a query matches (`Select: COUNT`, page after page): nothing is read but the count. */
export async function queryCount(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: start }));
    total += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return total;
}

/**
 * The opaque page cursor the API hands out: a query's LastEvaluatedKey as base64url JSON.
 * Clients hold these between calls, so the format must not change.
 */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

/** The key inside a cursor from `encodeCursor`, unchecked (throws on text that is not base64url JSON). */
export const parseCursor = (cursor: string): Record<string, unknown> => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));

/** The one answer to a cursor this API did not give out for this listing (400 `cursor_invalid`). */
export const cursorInvalid = (field = 'query.cursor') =>
  new ValidationError([{ field, code: 'cursor_invalid', message: 'The cursor is not one this API returned' }]);

/** A cursor is a key of the same listing: one crafted to start in another partition is refused. */
export function decodeCursor(cursor: string, field: string, check: (key: Record<string, unknown>) => boolean): Record<string, unknown> {
  let key: Record<string, unknown> | undefined;
  try {
    key = parseCursor(cursor);
  } catch {
    key = undefined;
  }
  if (!key || typeof key !== 'object' || Array.isArray(key) || !check(key)) throw cursorInvalid(field);
  return key;
}

/**
 * Runs a query that may start from a client's cursor. DynamoDB answers a start key that does not
 * fit the table or index (a missing or extra key attribute, a wrong type, an empty string) with a
 * `ValidationException`: with a cursor given, that is a forged cursor (400), not our fault (500).
 * A query that is itself wrong fails on its first page too, without a cursor, and stays a 500.
 */
export async function fromCursor<T>(cursor: string | undefined, query: () => Promise<T>, field = 'query.cursor'): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (cursor && (error as Error).name === 'ValidationException') throw cursorInvalid(field);
    throw error;
  }
}

/**
 * One page of a query, resumed from `cursor` (a cursor this page or an earlier one returned), and
 * the cursor of the next page (null after the last). `decode` turns the cursor back into a start
 * key; pass one that checks the key belongs to this listing when a forged cursor must be refused.
 */
export async function queryPage(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  cursor: string | undefined,
  decode: (cursor: string) => Record<string, unknown> = parseCursor,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const start = cursor ? decode(cursor) : undefined;
  const out = await fromCursor(cursor, () => db.send(new QueryCommand({ ...input, ...(start && { ExclusiveStartKey: start }) })));
  return { items: out.Items ?? [], nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

/**
 * One page of the items of partition `pk` whose sort key starts with `prefix`, resumed from a
 * cursor that must be a key of that same listing (one forged for another is refused, 400 on
 * `query.cursor`).
 */
export function queryPrefixPage(
  db: DynamoDBDocumentClient,
  table: string,
  pk: string,
  prefix: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  return queryPage(
    db,
    {
      TableName: table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
      Limit: limit,
    },
    cursor,
    (c) => decodeCursor(c, 'query.cursor', (k) => k.pk === pk && typeof k.sk === 'string' && k.sk.startsWith(prefix)),
  );
}

/**
 * A state machine step: sets `set` (and removes `remove`) only while the item's `state` is one
 * of `from`, together with `extras` (counters) in one transaction. Returns false, without
 * writing, when the state does not match — the caller decides whether that is a conflict or a
 * harmless repeat.
 */
export async function updateIfState(
  db: DynamoDBDocumentClient,
  table: string,
  key: Record<string, string>,
  from: readonly string[],
  set: Record<string, unknown>,
  remove: readonly string[] = [],
  extras: TransactItem[] = [],
): Promise<boolean> {
  const names = Object.keys(set);
  return writeTogether(
    db,
    {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#state': 'state', ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n]])),
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
        },
      },
    },
    extras,
  );
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * One conditional write plus the writes that must happen with it (counters), all or nothing.
 * False when the first item's condition failed; without extras it is a plain single write.
 */
export async function writeTogether(db: DynamoDBDocumentClient, first: TransactItem, extras: TransactItem[]): Promise<boolean> {
  try {
    if (extras.length === 0) {
      if (first.Put) await db.send(new PutCommand(first.Put));
      else if (first.Update) await db.send(new UpdateCommand(first.Update as never));
      else throw new Error('writeTogether takes a Put or an Update first');
      return true;
    }
    await db.send(new TransactWriteCommand({ TransactItems: [first, ...extras] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isCancelledByCondition(error, 0)) return false;
    throw error;
  }
}

/** One `ADD` of several counters on one item, as a transaction item (progress and statistics counters). */
export function addCounters(table: string, key: Record<string, string>, entries: Array<[string, number | undefined]>): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
    },
  };
}
