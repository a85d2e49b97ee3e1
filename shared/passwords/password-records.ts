import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { fileDeadline } from '../deadlines/file-deadline';
import type { Member } from '../members/member';

type FiledDeadline = ReturnType<typeof fileDeadline>;

/** The member behind a login, and where a password change is written down. */
export interface PasswordRecords {
  /** The member whose new address is this login; null for accounts outside the staff register. */
  memberByLogin(login: string): Promise<Member | null>;
  /** A member by id (an institution mailbox's responsible person, who is told of its password changes). */
  memberById(memberId: string): Promise<Member | null>;
  /**
   * Sets `passwordChangedAt`, clears `passwordWarningsSent` and files the member's next deadline
   * (`deadline`, from shared/deadlines/file-deadline.ts) in the same write; false when the member item is gone.
   */
  recordChange(memberId: string, at: string, deadline: FiledDeadline): Promise<boolean>;
}

/**
 * Reads the `ADDRESS#<login>` item (the address's owner, written when the address was claimed)
 * and then the member; one field is written, so no progress counter moves.
 */
export function dynamoPasswordRecords(db: DynamoDBDocumentClient, table: string): PasswordRecords {
  return {
    async memberByLogin(login) {
      const { Item: address } = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `ADDRESS#${login}`, sk: 'ADDRESS' }, ConsistentRead: true }),
      );
      if (typeof address?.memberId !== 'string') return null;
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `MEMBER#${address.memberId}`, sk: 'MEMBER' }, ConsistentRead: true }),
      );
      return (Item as Member | undefined) ?? null;
    },
    async memberById(memberId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' }, ConsistentRead: true }),
      );
      return (Item as Member | undefined) ?? null;
    },
    async recordChange(memberId, at, deadline) {
      const keys = 'deadlineSk' in deadline.set ? deadline.set : null;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' },
            UpdateExpression: keys
              ? 'SET passwordChangedAt = :at, passwordWarningsSent = :none, deadlinePk = :dpk, deadlineSk = :dsk'
              : 'SET passwordChangedAt = :at, passwordWarningsSent = :none REMOVE deadlinePk, deadlineSk',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':at': at,
              ':none': [],
              ...(keys && { ':dpk': keys.deadlinePk, ':dsk': keys.deadlineSk }),
            },
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
