import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { Member } from '../members/member';

/** Set by the activation flow after too many wrong codes (shared/activation); cleared by support. */
export const activationLockOf = (member: Pick<Member, 'activationLockedUntil'>): string | null => member.activationLockedUntil ?? null;

export interface ActivationLocks {
  /** Removes the member's activation lock; false when there was none. */
  clear(memberId: string): Promise<boolean>;
}

/** A small write of its own on `MEMBER#<id>`/`MEMBER`: the lock is no state, no counter, no deadline. */
export function dynamoActivationLocks(db: DynamoDBDocumentClient, table: string): ActivationLocks {
  return {
    async clear(memberId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' },
            UpdateExpression: 'REMOVE activationLockedUntil',
            ConditionExpression: 'attribute_exists(activationLockedUntil)',
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
