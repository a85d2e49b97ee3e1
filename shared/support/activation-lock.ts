import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { activationGuardKey } from '../activation/attempt-store';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { Member } from '../members/member';

/** Set by the activation flow after too many wrong codes (shared/activation); cleared by support. */
export const activationLockOf = (member: Pick<Member, 'activationLockedUntil'>): string | null => member.activationLockedUntil ?? null;

export interface ActivationLocks {
  /**
   * Removes the member's activation lock and forgets its wrong codes, so activation starts
   * afresh; true when a lock was there to clear.
   */
  clear(memberId: string): Promise<boolean>;
}

/**
 * The lock is `activationLockedUntil` on `MEMBER#<id>`/`MEMBER` (no state, no counter, no
 * deadline); the wrong codes that led to it are the member's `ACTIVATION-GUARD#<id>` counter.
 * Both go. A guard item written before locks moved to the member may still hold a `lockedUntil`
 * of its own: it counts as a lock cleared too.
 */
export function dynamoActivationLocks(db: DynamoDBDocumentClient, table: string): ActivationLocks {
  return {
    async clear(memberId) {
      let memberLock = false;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' },
            UpdateExpression: 'REMOVE activationLockedUntil',
            ConditionExpression: 'attribute_exists(activationLockedUntil)',
            ReturnValues: 'UPDATED_OLD',
          }),
        );
        memberLock = out.Attributes?.activationLockedUntil !== undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const guard = await db.send(new DeleteCommand({ TableName: table, Key: activationGuardKey(memberId), ReturnValues: 'ALL_OLD' }));
      return memberLock || typeof guard.Attributes?.lockedUntil === 'string';
    },
  };
}
