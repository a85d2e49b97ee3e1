import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  decodeCursor,
  isConditionFailure,
  queryAll,
  queryPage,
  untilProcessed,
  updateIfState,
  writeTogether,
} from '../clients/dynamo-helpers';
import { institutionIndexPage } from '../clients/institution-index';
import { logger } from '../logger';
import { EMPTY_REPORT, type Message, type MessageReport, type MessageState } from './message';

/**
 * Items: `MESSAGE#<id>` / `MESSAGE` (the message, its report counters); while scheduled or
 * sending, in gsi2 under `MESSAGES-DUE` by `<sendAt>#<id>` (sparse: the `send-messages` schedule
 * reads only what is due, never a scan). Per recipient, markers in the message's partition make
 * each SMS and each counted SES event happen once: `SMS#<recipient>`, `EVENT#<kind>#<recipient>`.
 *
 * Listings (newest first): every message in gsi1 under `MESSAGES` by `<createdAt>#<id>` (the
 * operators' list); per institution of its selection, a pointer `MESSAGE#<id>` / `INSTITUTION#<code>`
 * in gsi1 under `INSTITUTION#<code>` by `MESSAGE#<createdAt>#<id>` (a school admin's list). The
 * pointers are written before the message: a crash between leaves pointers to nothing, which
 * the listing skips, never a message missing from a list.
 */
const key = (messageId: string) => ({ pk: `MESSAGE#${messageId}`, sk: 'MESSAGE' });
const DUE = 'MESSAGES-DUE';
const ALL = 'MESSAGES';
const POINTER = 'MESSAGE#';
const listKeys = (m: Pick<Message, 'messageId' | 'createdAt'>) => ({ gsi1pk: ALL, gsi1sk: `${m.createdAt}#${m.messageId}` });
const pointer = (m: Pick<Message, 'messageId' | 'createdAt'>, code: string) => ({
  pk: `MESSAGE#${m.messageId}`,
  sk: `INSTITUTION#${code}`,
  gsi1pk: `INSTITUTION#${code}`,
  gsi1sk: `${POINTER}${m.createdAt}#${m.messageId}`,
  messageId: m.messageId,
});
const dueKeys = (m: Pick<Message, 'messageId'>, sendAt: string) => ({ gsi2pk: DUE, gsi2sk: `${sendAt}#${m.messageId}` });

export type ReportKey = keyof MessageReport;

export interface MessageStore {
  create(message: Message): Promise<void>;
  get(messageId: string): Promise<Message | null>;
  /**
   * Messages newest first, a page at a time: every one (no institution), or those whose
   * selection names `institutionCode`. A cursor from another listing is 400 `cursor_invalid`.
   */
  list(query: { institutionCode?: string | undefined; limit: number; cursor?: string | undefined }): Promise<{
    items: Message[];
    nextCursor: string | null;
  }>;
  /** Moves the message from one of `from` to `to` with `set`; false when it was not in `from`. Due while scheduled or sending. */
  move(message: Message, from: readonly MessageState[], to: MessageState, set?: Partial<Message>): Promise<boolean>;
  /** Takes over a fan-out whose lease ran out (`claimedAt` still the one read); false when another run did. */
  reclaim(message: Message, claimedAt: string): Promise<boolean>;
  /** Messages due at `now` (scheduled or sending, `sendAt` ≤ now), oldest first. */
  due(now: string): Promise<Message[]>;
  /** Sets the fan-out's own counts (a re-run recomputes them). */
  setFanOutCounts(messageId: string, counts: Pick<MessageReport, 'queued' | 'noChannel' | 'smsQueued'>): Promise<void>;
  /** Adds one to a report counter. Never throws: it follows a send that cannot be undone. */
  count(messageId: string, counter: ReportKey): Promise<void>;
  /** Adds one to a counter once per (kind, recipient), however often the event comes. */
  countOnce(messageId: string, counter: ReportKey, recipientKey: string): Promise<boolean>;
  /** Claims the one SMS of a recipient: true once, false ever after (at most once). */
  claimSms(messageId: string, recipientKey: string): Promise<boolean>;
  /** Gives a claim back when its send failed for a reason that may pass (the retry claims it again). */
  releaseSms(messageId: string, recipientKey: string): Promise<void>;
}

/** Parsed at the edge: counters a writer never touched read as zero. */
function messageOf(item: Record<string, unknown>): Message {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _s1, gsi2pk: _g, gsi2sk: _s, ...rest } = item;
  const m = rest as unknown as Message;
  return { ...m, report: { ...EMPTY_REPORT, ...(m.report ?? {}) } };
}

export function dynamoMessageStore(db: DynamoDBDocumentClient, table: string): MessageStore {
  const addOne = (messageId: string, counter: ReportKey) => ({
    TableName: table,
    Key: key(messageId),
    UpdateExpression: 'ADD report.#c :one',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#c': counter },
    ExpressionAttributeValues: { ':one': 1 },
  });

  return {
    async create(message) {
      const pointers = [...new Set(message.selection.institutionCodes)].map((code) => ({ PutRequest: { Item: pointer(message, code) } }));
      for (let i = 0; i < pointers.length; i += 25) {
        await untilProcessed(pointers.slice(i, i + 25), async (batch) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
          return out.UnprocessedItems?.[table] as typeof batch | undefined;
        });
      }
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...key(message.messageId), ...listKeys(message), ...message },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async list({ institutionCode, limit, cursor }) {
      if (institutionCode === undefined) {
        const page = await queryPage(
          db,
          {
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': ALL },
            ScanIndexForward: false,
            Limit: limit,
          },
          cursor,
          (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === ALL),
        );
        return { items: page.items.map(messageOf), nextCursor: page.nextCursor };
      }
      const page = await institutionIndexPage(db, table, { institutionCode, prefix: POINTER, newestFirst: true }, limit, cursor);
      const ids = page.items.map((i) => String(i.messageId));
      const found = new Map<string, Message>();
      if (ids.length) {
        await untilProcessed<Record<string, unknown>>(ids.map(key), async (keys) => {
          const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
          for (const raw of out.Responses?.[table] ?? []) found.set(String(raw.messageId), messageOf(raw));
          return out.UnprocessedKeys?.[table]?.Keys;
        });
      }
      return { items: ids.flatMap((id) => found.get(id) ?? []), nextCursor: page.nextCursor };
    },
    async get(messageId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(messageId), ConsistentRead: true }));
      return Item ? messageOf(Item) : null;
    },
    move(message, from, to, set = {}) {
      const due = to === 'scheduled' || to === 'sending';
      const sendAt = set.sendAt ?? message.sendAt;
      return updateIfState(
        db,
        table,
        key(message.messageId),
        from,
        { ...set, state: to, ...(due && sendAt && dueKeys(message, sendAt)) },
        due ? [] : ['gsi2pk', 'gsi2sk'],
      );
    },
    reclaim: (message, claimedAt) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: key(message.messageId),
            UpdateExpression: 'SET claimedAt = :now',
            ConditionExpression: '#state = :sending AND claimedAt = :seen',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':now': claimedAt, ':sending': 'sending', ':seen': message.claimedAt },
          },
        },
        [],
      ),
    async due(now) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :d AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':d': DUE, ':now': `${now}#~` },
      });
      return items.map(messageOf);
    },
    async setFanOutCounts(messageId, counts) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: key(messageId),
          UpdateExpression: 'SET report.queued = :q, report.noChannel = :n, report.smsQueued = :s',
          ExpressionAttributeValues: { ':q': counts.queued, ':n': counts.noChannel, ':s': counts.smsQueued },
        }),
      );
    },
    async count(messageId, counter) {
      try {
        await db.send(new UpdateCommand(addOne(messageId, counter)));
      } catch (error) {
        logger.error('message report not counted', { messageId, counter, error: (error as Error).name });
      }
    },
    countOnce: (messageId, counter, recipientKey) =>
      writeTogether(
        db,
        {
          Put: {
            TableName: table,
            Item: { pk: `MESSAGE#${messageId}`, sk: `EVENT#${counter}#${recipientKey}` },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        [{ Update: addOne(messageId, counter) }],
      ),
    async releaseSms(messageId, recipientKey) {
      await db.send(new DeleteCommand({ TableName: table, Key: { pk: `MESSAGE#${messageId}`, sk: `SMS#${recipientKey}` } }));
    },
    async claimSms(messageId, recipientKey) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: `MESSAGE#${messageId}`, sk: `SMS#${recipientKey}` },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
