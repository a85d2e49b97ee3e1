import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, isConditionFailure, queryPage, untilProcessed } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import type { Institution, InstitutionRegistry } from './institution';

/** Every registered institution is listed under this gsi1 partition, by code. */
const LIST_PK = 'INSTITUTIONS';
const key = (code: string) => ({ pk: `INSTITUTION#${code}`, sk: 'META' });

export interface InstitutionStore extends InstitutionRegistry {
  get(code: string): Promise<Institution | null>;
  getMany(codes: readonly string[]): Promise<Map<string, Institution>>;
  /**
   * Writes the institution if the stored one is still `previous` (null: none yet), so two
   * operators writing at once cannot both think their version won; false when it changed meanwhile.
   */
  save(institution: Institution, previous: Institution | null): Promise<boolean>;
  /** Writes many at once, unconditionally (the bulk registration, after reading what is there). */
  saveMany(institutions: readonly Institution[]): Promise<void>;
  /** Registered institutions by code, a page at a time; only those of `regions` when given, only codes starting with `prefix` when given. */
  list(
    limit: number,
    cursor: string | undefined,
    regions?: readonly string[],
    prefix?: string,
  ): Promise<{ items: Institution[]; nextCursor: string | null }>;
}

function item(institution: Institution) {
  return { ...key(institution.code), gsi1pk: LIST_PK, gsi1sk: institution.code, ...institution };
}

/** Parsed at the edge: an item written before the registry existed (seeded, region only) reads with nulls. */
function institutionOf(raw: Record<string, unknown>): Institution {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    code: String(raw.code),
    name: text(raw.name) ?? String(raw.code),
    city: text(raw.city),
    region: text(raw.region),
    registeredAt: text(raw.registeredAt) ?? '',
    updatedAt: text(raw.updatedAt) ?? '',
  };
}

/** Items: `INSTITUTION#<code>`/`META` (gsi1 `INSTITUTIONS` / code), the same item support regions are read from. */
export function dynamoInstitutionStore(db: DynamoDBDocumentClient, table: string): InstitutionStore {
  async function getMany(codes: readonly string[]) {
    const found = new Map<string, Institution>();
    const unique = [...new Set(codes)];
    const slices = Array.from({ length: Math.ceil(unique.length / 100) }, (_, i) => unique.slice(i * 100, (i + 1) * 100));
    await inPool(slices, 8, (slice) =>
      untilProcessed<Record<string, unknown>>(slice.map(key), async (keys) => {
        const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
        for (const raw of out.Responses?.[table] ?? []) found.set(String(raw.code), institutionOf(raw));
        return out.UnprocessedKeys?.[table]?.Keys;
      }),
    );
    return found;
  }

  return {
    async get(code) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(code), ConsistentRead: true }));
      return Item ? institutionOf(Item) : null;
    },
    getMany,
    async known(codes) {
      return new Set((await getMany(codes)).keys());
    },
    async save(institution, previous) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: item(institution),
            ...(previous === null
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : previous.updatedAt
                ? { ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': previous.updatedAt } }
                : { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(updatedAt)' }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async saveMany(institutions) {
      const requests = institutions.map((i) => ({ PutRequest: { Item: item(i) } }));
      const batches = Array.from({ length: Math.ceil(requests.length / 25) }, (_, i) => requests.slice(i * 25, (i + 1) * 25));
      await inPool(batches, 8, (batch) =>
        untilProcessed(batch, async (pending) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          return out.UnprocessedItems?.[table] as typeof pending | undefined;
        }),
      );
    },
    async list(limit, cursor, regions, prefix) {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': LIST_PK,
            ...(prefix && { ':prefix': prefix }),
            ...Object.fromEntries((regions ?? []).map((r, i) => [`:r${i}`, r])),
          },
          ...(regions?.length && {
            FilterExpression: `#region IN (${regions.map((_, i) => `:r${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#region': 'region' },
          }),
          Limit: limit,
        },
        cursor,
        (c) =>
          decodeCursor(
            c,
            'query.cursor',
            // A cursor of another prefix's listing would start outside the query's range: refused as forged.
            (k) =>
              k.gsi1pk === LIST_PK &&
              typeof k.gsi1sk === 'string' &&
              k.gsi1sk.startsWith(prefix ?? '') &&
              k.pk === `INSTITUTION#${k.gsi1sk}` &&
              k.sk === 'META',
          ),
      );
      return { items: page.items.map(institutionOf), nextCursor: page.nextCursor };
    },
  };
}
