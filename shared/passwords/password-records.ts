import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { Member } from '../members/member';

/** The member behind a login, and where a password change is written down. */
export interface PasswordRecords {
  /** The member whose new address is this login; null for accounts outside the staff register. */
  memberByLogin(login: string): Promise<Member | null>;
  /** Sets `passwordChangedAt`; false when the member item is gone. */
  recordChange(memberId: string, at: string): Promise<boolean>;
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
    async recordChange(memberId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' },
            UpdateExpression: 'SET passwordChangedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':at': at },
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
