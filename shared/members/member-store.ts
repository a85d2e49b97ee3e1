import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, queryAll, updateIfState, writeTogether } from '../clients/dynamo-helpers';
import { type ProgressDelta, type ProgressScope, progressUpdates } from '../progress/progress-counters';
import { IMPORTED_FIELDS, type ImportedFields, type Member } from './member';

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });
const addressKey = (address: string) => ({ pk: `ADDRESS#${address}`, sk: 'ADDRESS' });

export interface MemberStore {
  getMany(memberIds: string[]): Promise<Map<string, Member>>;
  /** false when the member already exists (a re-processed chunk). Counts them pending. */
  create(member: Member): Promise<boolean>;
  /** Applies changed HR fields when the stored row hash is still `previousHash`. */
  updateImported(
    memberId: string,
    fields: ImportedFields & { rowHash: string; updatedAt: string; importJobId: string },
    previousHash: string,
  ): Promise<boolean>;
  /** Reserves an address for a member; true if it is (now or already) theirs. */
  claimAddress(address: string, memberId: string): Promise<boolean>;
  get(memberId: string): Promise<Member | null>;
  idsOfInstitution(institutionCode: string): Promise<string[]>;
  /** Puts a pending member without a lot into a lot (gsi2 = `LOT#<id>`); false otherwise. */
  assignToLot(memberId: string, lotId: string): Promise<boolean>;
  /** A lot's members in id order, after `after`: the launcher's paced waves. */
  lotMembers(lotId: string, after: string | null, limit: number): Promise<string[]>;
  /** Sets fields when the member is in one of `from`, moving the progress counters with it; false otherwise. */
  advance(
    memberId: string,
    from: Member['state'][],
    set: Partial<Member>,
    progress?: { scope: ProgressScope; delta: ProgressDelta },
  ): Promise<boolean>;
  /** Member ids whose next reminder falls in this `due` index partition. */
  dueNotices(duePk: string): Promise<string[]>;
  /**
   * Records one more notice if the count is still `sentBefore` (so a sweep run twice sends once),
   * and files the next reminder (or none).
   */
  recordNotice(
    memberId: string,
    sentBefore: number,
    at: string,
    next: { duePk: string; dueSk: string } | null,
    progress?: { scope: ProgressScope; delta: ProgressDelta },
  ): Promise<boolean>;
}

/** Items: `MEMBER#<id>`/`MEMBER` (gsi1 = institution) and `ADDRESS#<addr>`/`ADDRESS` (uniqueness). */
export function dynamoMemberStore(db: DynamoDBDocumentClient, table: string): MemberStore {
  return {
    async getMany(memberIds) {
      const found = new Map<string, Member>();
      for (let i = 0; i < memberIds.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = memberIds.slice(i, i + 100).map(memberKey);
        for (let attempt = 0; keys && keys.length > 0; attempt++) {
          const out: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of out.Responses?.[table] ?? []) found.set(item.memberId, item as Member);
          keys = out.UnprocessedKeys?.[table]?.Keys;
          if (keys?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 6)));
        }
      }
      return found;
    },
    create: (member) =>
      writeTogether(
        db,
        {
          Put: {
            TableName: table,
            Item: {
              ...memberKey(member.memberId),
              gsi1pk: `INSTITUTION#${member.institutionCode}`,
              gsi1sk: `MEMBER#${member.memberId}`,
              ...member,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        progressUpdates(table, { institutionCode: member.institutionCode }, { pending: 1 }),
      ),
    async updateImported(memberId, fields, previousHash) {
      const names = [...IMPORTED_FIELDS, 'rowHash', 'updatedAt', 'importJobId'] as const;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: memberKey(memberId),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')}, gsi1pk = :inst`,
            ConditionExpression: 'rowHash = :previous',
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
              ':previous': previousHash,
              ':inst': `INSTITUTION#${fields.institutionCode}`,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async get(memberId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: memberKey(memberId), ConsistentRead: true }));
      return (Item as Member | undefined) ?? null;
    },
    async idsOfInstitution(institutionCode) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :m)',
        ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':m': 'MEMBER#' },
        ProjectionExpression: 'memberId',
      });
      return items.map((i) => i.memberId as string);
    },
    assignToLot: (memberId, lotId) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(memberId),
            UpdateExpression: 'SET lotId = :lot, gsi2pk = :g, gsi2sk = :id',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lotId) AND #state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':lot': lotId, ':g': `LOT#${lotId}`, ':id': memberId, ':pending': 'pending' },
          },
        },
        progressUpdates(table, { lotId }, { pending: 1 }),
      ),
    async lotMembers(lotId, after, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: after ? 'gsi2pk = :p AND gsi2sk > :after' : 'gsi2pk = :p',
          ExpressionAttributeValues: { ':p': `LOT#${lotId}`, ...(after && { ':after': after }) },
          ProjectionExpression: 'memberId',
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => i.memberId as string);
    },
    advance: (memberId, from, set, progress) =>
      updateIfState(db, table, memberKey(memberId), from, set, [], progress ? progressUpdates(table, progress.scope, progress.delta) : []),
    async dueNotices(duePk) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :p',
        ExpressionAttributeValues: { ':p': duePk },
      });
      return items.map((i) => i.memberId as string);
    },
    recordNotice: (memberId, sentBefore, at, next, progress) =>
      writeTogether(
        db,
        {
          Update: {
            TableName: table,
            Key: memberKey(memberId),
            UpdateExpression: next
              ? 'SET noticesSent = :after, lastNoticeAt = :at, duePk = :pk, dueSk = :sk'
              : 'SET noticesSent = :after, lastNoticeAt = :at REMOVE duePk, dueSk',
            ConditionExpression: 'noticesSent = :before',
            ExpressionAttributeValues: {
              ':before': sentBefore,
              ':after': sentBefore + 1,
              ':at': at,
              ...(next && { ':pk': next.duePk, ':sk': next.dueSk }),
            },
          },
        },
        progress ? progressUpdates(table, progress.scope, progress.delta) : [],
      ),
    async claimAddress(address, memberId) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...addressKey(address), memberId },
            ConditionExpression: 'attribute_not_exists(pk) OR memberId = :me',
            ExpressionAttributeValues: { ':me': memberId },
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
