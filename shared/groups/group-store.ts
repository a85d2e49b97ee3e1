import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, isConditionFailure, queryAll, queryPage, untilProcessed } from '../clients/dynamo-helpers';
import type { Group, GroupPerson, JoinRequest, JoinRequestState } from './group';

/** gsi2 partition of every list by `changedAt`: the mail system's export reads only this. */
export const CHANGED_PK = 'GROUPS#CHANGED';
/** Tombstones are kept this long: a mail system that has not synced for longer takes a full export. */
export const TOMBSTONE_DAYS = 90;

const groupKey = (groupId: string) => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' });
const memberKey = (groupId: string, memberId: string) => ({ pk: `GROUP#${groupId}`, sk: `MEMBER#${memberId}` });
const joinKey = (groupId: string, memberId: string) => ({ pk: `GROUP#${groupId}`, sk: `JOIN#${memberId}` });
const addressKey = (address: string) => ({ pk: `ADDRESS#${address}`, sk: 'ADDRESS' });
const changedSk = (changedAt: string, groupId: string) => `${changedAt}#${groupId}`;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface GroupStore {
  /** Claims the address (`ADDRESS#`, shared with members) and puts the list, together; false: the address is taken. */
  create(group: Group): Promise<boolean>;
  /** The list, tombstone included; null when never created (or its tombstone expired). */
  get(groupId: string): Promise<Group | null>;
  listByInstitution(institutionCode: string, limit: number, cursor?: string): Promise<Page<Group>>;
  /** Changes settings of a live list and bumps `changedAt`; false when the list is gone. */
  update(groupId: string, set: Partial<Pick<Group, 'postingMode' | 'owners' | 'displayName'>>, at: string): Promise<boolean>;
  /**
   * Tombstones the list and releases its address to other lists only (a person never gets a
   * former list's address), then drops its members and requests; false when already gone.
   */
  remove(group: Group, at: string): Promise<boolean>;
  addMember(groupId: string, person: GroupPerson, by: string, at: string): Promise<'added' | 'already' | 'no_group'>;
  removeMember(groupId: string, memberId: string, at: string): Promise<'removed' | 'not_member' | 'no_group'>;
  isMember(groupId: string, memberId: string): Promise<boolean>;
  members(groupId: string): Promise<GroupPerson[]>;
  /** A new request, or a new one after a decided one (rejected, or approved and since removed); false while one is pending. */
  putJoinRequest(request: JoinRequest): Promise<boolean>;
  getJoinRequest(groupId: string, memberId: string): Promise<JoinRequest | null>;
  joinRequests(groupId: string, state: JoinRequestState): Promise<JoinRequest[]>;
  /** Moves a pending request to `to`; false when it is no longer pending. */
  decideJoinRequest(groupId: string, memberId: string, to: 'approved' | 'rejected', by: string, at: string): Promise<boolean>;
  /** Lists by `changedAt` (from `since` on); tombstones only when `since` is given (a full export is the live lists). */
  changed(since: string | null, limit: number, cursor?: string): Promise<Page<Group>>;
}

const strip = (item: Record<string, unknown>): Group => {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expiresAt, ...group } = item;
  return group as unknown as Group;
};

/** Which items of a cancelled transaction failed their condition (index → true). */
function failedConditions(error: unknown): boolean[] | null {
  const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  if (e.name !== 'TransactionCanceledException' || !e.CancellationReasons) return null;
  return e.CancellationReasons.map((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Items: `GROUP#<id>`/`GROUP` (gsi1 `INSTITUTION#<code>`/`GROUP#<id>` while live; gsi2
 * `GROUPS#CHANGED`/`<changedAt>#<id>`), `GROUP#<id>`/`MEMBER#<memberId>`, `GROUP#<id>`/`JOIN#<memberId>`,
 * and the address claim `ADDRESS#<address>`/`ADDRESS` with `groupId` (members' claims carry `memberId`).
 */
export function dynamoGroupStore(db: DynamoDBDocumentClient, table: string): GroupStore {
  const live = 'attribute_exists(pk) AND attribute_not_exists(deletedAt)';
  const bump = (groupId: string, at: string) => ({ ':at': at, ':g2': changedSk(at, groupId) });

  async function transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean[] | null> {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return null;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed) return failed;
      throw error;
    }
  }

  return {
    async create(group) {
      const failed = await transact([
        {
          Put: {
            TableName: table,
            Item: { ...addressKey(group.address), groupId: group.groupId },
            // Free, or a deleted list's (released) address; a member's claim has no `groupId`.
            ConditionExpression: 'attribute_not_exists(pk) OR (attribute_exists(groupId) AND released = :t)',
            ExpressionAttributeValues: { ':t': true },
          },
        },
        {
          Put: {
            TableName: table,
            Item: {
              ...groupKey(group.groupId),
              gsi1pk: `INSTITUTION#${group.institutionCode}`,
              gsi1sk: `GROUP#${group.groupId}`,
              gsi2pk: CHANGED_PK,
              gsi2sk: changedSk(group.changedAt, group.groupId),
              ...group,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]);
      if (failed?.[1]) throw new Error(`group ${group.groupId} exists`);
      return !failed;
    },
    async get(groupId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: groupKey(groupId), ConsistentRead: true }));
      return Item ? strip(Item) : null;
    },
    async listByInstitution(institutionCode, limit, cursor) {
      const gsi1pk = `INSTITUTION#${institutionCode}`;
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :g)',
          ExpressionAttributeValues: { ':p': gsi1pk, ':g': 'GROUP#' },
          Limit: limit,
        },
        cursor,
        (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi1pk === gsi1pk && String(k.gsi1sk).startsWith('GROUP#')),
      );
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
    async update(groupId, set, at) {
      const names = Object.keys(set);
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: groupKey(groupId),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}, `).join('')}changedAt = :at, gsi2sk = :g2`,
            ConditionExpression: live,
            ExpressionAttributeNames: names.length ? Object.fromEntries(names.map((n, i) => [`#f${i}`, n])) : undefined,
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n, i) => [`:v${i}`, (set as Record<string, unknown>)[n]])),
              ...bump(groupId, at),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async remove(group, at) {
      const failed = await transact([
        {
          Update: {
            TableName: table,
            Key: groupKey(group.groupId),
            // Out of the institution's listing; stays in the changed index as a tombstone until TTL.
            UpdateExpression:
              'SET deletedAt = :at, changedAt = :at, gsi2sk = :g2, expiresAt = :exp, memberCount = :zero REMOVE gsi1pk, gsi1sk',
            ConditionExpression: live,
            ExpressionAttributeValues: {
              ...bump(group.groupId, at),
              ':exp': Math.floor(Date.parse(at) / 1000) + TOMBSTONE_DAYS * 86_400,
              ':zero': 0,
            },
          },
        },
        {
          Update: {
            TableName: table,
            Key: addressKey(group.address),
            UpdateExpression: 'SET released = :t',
            ConditionExpression: 'groupId = :g',
            ExpressionAttributeValues: { ':t': true, ':g': group.groupId },
          },
        },
      ]);
      if (failed?.[0]) return false;
      if (failed) throw new Error(`address claim of group ${group.groupId} is not the group's`);
      // Members and requests of a tombstone are never read again: drop them (a retry finds none).
      const keys = (
        await queryAll(db, {
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': `GROUP#${group.groupId}` },
          ProjectionExpression: 'pk, sk',
        })
      ).filter((k) => k.sk !== 'GROUP');
      for (let i = 0; i < keys.length; i += 25) {
        await untilProcessed(
          keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
          async (batch) => {
            const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
            return out.UnprocessedItems?.[table] as typeof batch | undefined;
          },
        );
      }
      return true;
    },
    async addMember(groupId, person, by, at) {
      const failed = await transact([
        {
          Put: {
            TableName: table,
            Item: { ...memberKey(groupId, person.memberId), ...person, addedAt: at, addedBy: by },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: table,
            Key: groupKey(groupId),
            UpdateExpression: 'ADD memberCount :one SET changedAt = :at, gsi2sk = :g2',
            ConditionExpression: live,
            ExpressionAttributeValues: { ':one': 1, ...bump(groupId, at) },
          },
        },
      ]);
      if (!failed) return 'added';
      return failed[1] ? 'no_group' : 'already';
    },
    async removeMember(groupId, memberId, at) {
      const failed = await transact([
        { Delete: { TableName: table, Key: memberKey(groupId, memberId), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Update: {
            TableName: table,
            Key: groupKey(groupId),
            UpdateExpression: 'ADD memberCount :minus SET changedAt = :at, gsi2sk = :g2',
            ConditionExpression: live,
            ExpressionAttributeValues: { ':minus': -1, ...bump(groupId, at) },
          },
        },
      ]);
      if (!failed) return 'removed';
      return failed[1] ? 'no_group' : 'not_member';
    },
    async isMember(groupId, memberId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: memberKey(groupId, memberId), ConsistentRead: true, ProjectionExpression: 'pk' }),
      );
      return Item !== undefined;
    },
    async members(groupId) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':p': `GROUP#${groupId}`, ':m': 'MEMBER#' },
        ProjectionExpression: 'memberId, address',
      });
      return items.map((i) => ({ memberId: i.memberId as string, address: i.address as string }));
    },
    async putJoinRequest(request) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...joinKey(request.groupId, request.memberId), ...request },
            ConditionExpression: 'attribute_not_exists(pk) OR #state <> :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async getJoinRequest(groupId, memberId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: joinKey(groupId, memberId), ConsistentRead: true }));
      if (!Item) return null;
      const { pk, sk, ...request } = Item;
      return request as JoinRequest;
    },
    async joinRequests(groupId, state) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :j)',
        FilterExpression: '#state = :s',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':p': `GROUP#${groupId}`, ':j': 'JOIN#', ':s': state },
      });
      return items.map(({ pk, sk, ...r }) => r as unknown as JoinRequest);
    },
    async decideJoinRequest(groupId, memberId, to, by, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: joinKey(groupId, memberId),
            UpdateExpression: 'SET #state = :to, decidedAt = :at, decidedBy = :by',
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':to': to, ':at': at, ':by': by, ':pending': 'pending' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async changed(since, limit, cursor) {
      const page = await queryPage(
        db,
        {
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: since ? 'gsi2pk = :p AND gsi2sk > :since' : 'gsi2pk = :p',
          // A full export is the live lists; tombstones matter only to a sync that knew the list.
          ...(!since && { FilterExpression: 'attribute_not_exists(deletedAt)' }),
          ExpressionAttributeValues: { ':p': CHANGED_PK, ...(since && { ':since': since }) },
          Limit: limit,
        },
        cursor,
        (c) => decodeCursor(c, 'query.cursor', (k) => k.gsi2pk === CHANGED_PK),
      );
      return { items: page.items.map(strip), nextCursor: page.nextCursor };
    },
  };
}
