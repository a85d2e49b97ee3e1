import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, queryPage, updateIfState } from '../clients/dynamo-helpers';
import type { Lot, LotState } from './lot';

const lotKey = (lotId: string) => ({ pk: `LOT#${lotId}`, sk: 'LOT' });

/** What the launcher still has to do for a lot: launch it, or give a cancelled lot's members back. */
function dueState(lot: Pick<Lot, 'state' | 'releasedAt'>): string | null {
  if (lot.state === 'scheduled' || lot.state === 'launching') return lot.state;
  if (lot.state === 'cancelled' && !lot.releasedAt) return 'releasing';
  return null;
}

/**
 * Lots are listed through gsi1 (`LOTS`, by launch time). While a lot is scheduled, launching or
 * cancelled-and-not-yet-released it also sits in the sparse `due` index under `LOTS#<state>`
 * (`LOTS#releasing` for the last), so the launcher reads only lots that need it, never a scan.
 */
function indexKeys(lot: Pick<Lot, 'state' | 'launchAt' | 'lotId' | 'releasedAt'>) {
  const due = dueState(lot);
  return {
    gsi1pk: 'LOTS',
    gsi1sk: `${lot.launchAt}#${lot.lotId}`,
    ...(due && { duePk: `LOTS#${due}`, dueSk: `${lot.launchAt}#${lot.lotId}` }),
  };
}

export interface LotStore {
  create(lot: Lot): Promise<void>;
  get(lotId: string): Promise<Lot | null>;
  list(limit: number, cursor?: string): Promise<{ items: Lot[]; nextCursor: string | null }>;
  /** Lots in `state` whose launch time is at or before `until`, oldest first. */
  due(state: 'scheduled' | 'launching', until: string): Promise<Lot[]>;
  /** The scheduled lot that launches first after `after` (late joiners go there); null if none. */
  nextScheduled(after: string): Promise<Lot | null>;
  /** Changes state (and fields) only from one of `from`; false otherwise. */
  transition(lotId: string, from: LotState[], to: LotState, set?: Partial<Lot>): Promise<boolean>;
  recordWave(lotId: string, cursor: string, enqueued: number): Promise<void>;
  /** Cancelled lots whose members are still being given back to the pool. */
  releasing(): Promise<Lot[]>;
  recordRelease(lotId: string, cursor: string, released: number): Promise<void>;
}

export function dynamoLotStore(db: DynamoDBDocumentClient, table: string): LotStore {
  const strip = (item: Record<string, unknown>) => {
    const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, duePk: _e, dueSk: _f, ...lot } = item;
    return lot as unknown as Lot;
  };
  return {
    async create(lot) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...lotKey(lot.lotId), ...indexKeys(lot), ...lot },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(lotId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: lotKey(lotId), ConsistentRead: true }));
      return Item ? strip(Item) : null;
    },
    async list(limit, cursor) {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'LOTS' },
          Limit: limit,
        },
        cursor,
        (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === 'LOTS'),
      );
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
    async due(state, until) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'due',
          KeyConditionExpression: 'duePk = :p AND dueSk <= :until',
          ExpressionAttributeValues: { ':p': `LOTS#${state}`, ':until': `${until}#~` },
        }),
      );
      return (out.Items ?? []).map(strip);
    },
    async nextScheduled(after) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'due',
          KeyConditionExpression: 'duePk = :p AND dueSk > :after',
          ExpressionAttributeValues: { ':p': 'LOTS#scheduled', ':after': `${after}#~` },
          Limit: 1,
        }),
      );
      const item = out.Items?.[0];
      return item ? strip(item) : null;
    },
    async releasing() {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'due',
          KeyConditionExpression: 'duePk = :p',
          ExpressionAttributeValues: { ':p': 'LOTS#releasing' },
        }),
      );
      return (out.Items ?? []).map(strip);
    },
    async recordRelease(lotId, cursor, released) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: lotKey(lotId),
          UpdateExpression: 'SET #c = :c, released = if_not_exists(released, :zero) + :n',
          ExpressionAttributeNames: { '#c': 'cursor' },
          ExpressionAttributeValues: { ':c': cursor, ':n': released, ':zero': 0 },
        }),
      );
    },
    async transition(lotId, from, to, set = {}) {
      const current = await this.get(lotId);
      if (!current) return false;
      const keys = indexKeys({ ...current, ...set, state: to });
      // Leaving `scheduled`/`launching`/releasing takes the lot out of the launcher's sparse index.
      return updateIfState(db, table, lotKey(lotId), from, { ...set, state: to, ...keys }, 'duePk' in keys ? [] : ['duePk', 'dueSk']);
    },
    async recordWave(lotId, cursor, enqueued) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: lotKey(lotId),
          UpdateExpression: 'SET #c = :c, enqueued = enqueued + :n',
          ExpressionAttributeNames: { '#c': 'cursor' },
          ExpressionAttributeValues: { ':c': cursor, ':n': enqueued },
        }),
      );
    },
  };
}
