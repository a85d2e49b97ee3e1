import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { IMPORTED_FIELDS, type ImportedFields, type Member } from './member';

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });
const addressKey = (address: string) => ({ pk: `ADDRESS#${address}`, sk: 'ADDRESS' });
const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

export interface MemberStore {
  getMany(memberIds: string[]): Promise<Map<string, Member>>;
  /** false when the member already exists (a re-processed chunk). */
  create(member: Member): Promise<boolean>;
  /** Applies changed HR fields when the stored row hash is still `previousHash`. */
  updateImported(
    memberId: string,
    fields: ImportedFields & { rowHash: string; updatedAt: string; importJobId: string },
    previousHash: string,
  ): Promise<boolean>;
  /** Reserves an address for a member; true if it is (now or already) theirs. */
  claimAddress(address: string, memberId: string): Promise<boolean>;
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
    async create(member) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...memberKey(member.memberId),
              gsi1pk: `INSTITUTION#${member.institutionCode}`,
              gsi1sk: `MEMBER#${member.memberId}`,
              ...member,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
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
