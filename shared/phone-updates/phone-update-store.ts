import { randomUUID } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isConditionFailure, queryAll, queryCount, queryPrefixPage, untilProcessed } from '../clients/dynamo-helpers';
import { inPool } from '../in-pool';
import { LOCALES } from '../profiles/profile-ids';
import { PHONE_UPDATE_REASONS, type PhoneUpdateEntry } from './phone-update';

/**
 * Items: `PHONEUPD#<institution>` / `PERSON#<personKey>`, one per person on the institution's
 * list (so the list is one partition, read a page at a time); and a marker per institution,
 * `PHONEUPDLIST#<institution>` / `LIST`, put whenever someone is listed there and listed in gsi2
 * under `PHONE-UPDATE-LISTS`: the weekly digest reads the markers (one per institution whose list
 * was ever non-empty since the digest last found it empty), never a scan.
 */
const listPk = (institutionCode: string) => `PHONEUPD#${institutionCode}`;
const personSk = (personKey: string) => `PERSON#${personKey}`;
const markerKey = (institutionCode: string) => ({ pk: `PHONEUPDLIST#${institutionCode}`, sk: 'LIST' });
const MARKERS = 'PHONE-UPDATE-LISTS';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListMarker {
  institutionCode: string;
  /** A new token each time someone is listed there: the digest drops a marker only if it is still the one it read. */
  mark: string;
}

export interface PhoneUpdateStore {
  /** Puts or refreshes entries (the first `listedAt` is kept) and marks their institutions' lists. */
  put(entries: ReadonlyArray<Omit<PhoneUpdateEntry, 'listedAt'>>, now: string): Promise<void>;
  /** The entries of these institutions, for the institutions whose list is marked (others hold none). */
  entriesOf(institutionCodes: readonly string[]): Promise<PhoneUpdateEntry[]>;
  remove(entries: ReadonlyArray<Pick<PhoneUpdateEntry, 'institutionCode' | 'personKey'>>): Promise<void>;
  list(institutionCode: string, limit: number, cursor?: string): Promise<Page<PhoneUpdateEntry>>;
  count(institutionCode: string): Promise<number>;
  /** Every marked list (institution and when it was last marked). */
  markedLists(): Promise<ListMarker[]>;
  /** Drops a marker found empty, unless someone was listed since it was read (the marker then stays). */
  unmark(marker: ListMarker): Promise<void>;
}

/** Parsed at the edge: an item that drifted from the type is caught where it enters. */
const entrySchema = z.object({
  personKey: z.string(),
  institutionCode: z.string(),
  memberId: z.string().nullable(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  nationalIdLast3: z.string().nullable(),
  reason: z.enum(PHONE_UPDATE_REASONS),
  phoneMasked: z.string().nullable(),
  contactEmail: z.string().nullable(),
  locale: z.enum(LOCALES),
  source: z.union([z.object({ importJobId: z.string(), row: z.number() }), z.object({ sms: z.literal(true) })]),
  listedAt: z.string(),
  updatedAt: z.string(),
});
const entryOf = (item: Record<string, unknown>): PhoneUpdateEntry => entrySchema.parse(item);

const FIELDS = [
  'personKey',
  'institutionCode',
  'memberId',
  'givenName',
  'familyName',
  'nationalIdLast3',
  'reason',
  'phoneMasked',
  'contactEmail',
  'locale',
  'source',
  'updatedAt',
] as const;

export function dynamoPhoneUpdateStore(db: DynamoDBDocumentClient, table: string): PhoneUpdateStore {
  async function markedOf(institutionCodes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(institutionCodes)];
    const marked: string[] = [];
    for (let i = 0; i < unique.length; i += 100) {
      await untilProcessed<Record<string, unknown>>(unique.slice(i, i + 100).map(markerKey), async (keys) => {
        const out = await db.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'institutionCode' } } }),
        );
        for (const item of out.Responses?.[table] ?? []) marked.push(String(item.institutionCode));
        return out.UnprocessedKeys?.[table]?.Keys;
      });
    }
    return marked;
  }

  return {
    async put(entries, now) {
      await inPool(entries, 8, async (entry) => {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: listPk(entry.institutionCode), sk: personSk(entry.personKey) },
            UpdateExpression: `SET ${FIELDS.map((_, i) => `#f${i} = :v${i}`).join(', ')}, listedAt = if_not_exists(listedAt, :now)`,
            ExpressionAttributeNames: Object.fromEntries(FIELDS.map((f, i) => [`#f${i}`, f])),
            ExpressionAttributeValues: { ...Object.fromEntries(FIELDS.map((f, i) => [`:v${i}`, entry[f]])), ':now': now },
          }),
        );
      });
      // After the entries, with a new token: a digest that found the list empty just before cannot
      // drop this marker (its token changed). A crash in between leaves entries unmarked only until
      // the redelivered import chunk (or SMS failure) writes them again.
      await inPool([...new Set(entries.map((e) => e.institutionCode))], 8, async (institutionCode) => {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: markerKey(institutionCode),
            UpdateExpression: 'SET institutionCode = :i, mark = :m, markedAt = :now, gsi2pk = :g, gsi2sk = :i',
            ExpressionAttributeValues: { ':i': institutionCode, ':m': randomUUID(), ':now': now, ':g': MARKERS },
          }),
        );
      });
    },

    async entriesOf(institutionCodes) {
      const found: PhoneUpdateEntry[] = [];
      await inPool(await markedOf(institutionCodes), 8, async (institutionCode) => {
        const items = await queryAll(db, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': listPk(institutionCode), ':p': 'PERSON#' },
          ConsistentRead: true,
        });
        found.push(...items.map(entryOf));
      });
      return found;
    },

    async remove(entries) {
      const requests = entries.map((e) => ({ DeleteRequest: { Key: { pk: listPk(e.institutionCode), sk: personSk(e.personKey) } } }));
      for (let i = 0; i < requests.length; i += 25) {
        await untilProcessed(requests.slice(i, i + 25), async (batch) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
          return out.UnprocessedItems?.[table] as typeof batch | undefined;
        });
      }
    },

    async list(institutionCode, limit, cursor) {
      // A cursor is a key of this institution's list: one forged for another is refused (400).
      const page = await queryPrefixPage(db, table, listPk(institutionCode), 'PERSON#', limit, cursor);
      return { items: page.items.map(entryOf), nextCursor: page.nextCursor };
    },

    count: (institutionCode) =>
      queryCount(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': listPk(institutionCode), ':p': 'PERSON#' },
      }),

    async markedLists() {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :g',
        ExpressionAttributeValues: { ':g': MARKERS },
      });
      return items.map((i) => ({ institutionCode: String(i.institutionCode), mark: String(i.mark) }));
    },

    async unmark(marker) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: markerKey(marker.institutionCode),
            ConditionExpression: 'mark = :seen',
            ExpressionAttributeValues: { ':seen': marker.mark },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
