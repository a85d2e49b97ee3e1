import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { PendingAlternateEmail } from '../members/member';

/**
 * The member-chosen alternate email on the member item (`verifiedAlternateEmail`,
 * `alternateEmailVerifiedAt`, `pendingAlternateEmail`): attributes no import writes. Every write
 * is conditional on what the use case read, so two tabs racing cannot verify an address the other
 * replaced.
 */
export interface AlternateEmailStore {
  /** Records the address waiting for its code (replacing any earlier one). */
  setPending(memberId: string, pending: PendingAlternateEmail): Promise<void>;
  /** The pending address becomes the verified one, if the pending code is still `key`'s; false otherwise. */
  confirmPending(memberId: string, key: string, address: string, verifiedAt: string): Promise<boolean>;
  /** Drops the waiting address, if it is still `key`'s (the verified one stays). */
  dropPending(memberId: string, key: string): Promise<void>;
  /**
   * Drops the verified address (if it is still `verified`; null: there is none) and any pending
   * one; false when the verified address changed meanwhile.
   */
  remove(memberId: string, verified: string | null): Promise<boolean>;
}

const memberKey = (memberId: string) => ({ pk: `MEMBER#${memberId}`, sk: 'MEMBER' });

export function dynamoAlternateEmailStore(db: DynamoDBDocumentClient, table: string): AlternateEmailStore {
  const conditional = async (command: UpdateCommand) => {
    try {
      await db.send(command);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  return {
    async setPending(memberId, pending) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'SET pendingAlternateEmail = :p',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':p': pending },
        }),
      );
    },
    confirmPending: (memberId, key, address, verifiedAt) =>
      conditional(
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'SET verifiedAlternateEmail = :a, alternateEmailVerifiedAt = :at REMOVE pendingAlternateEmail',
          ConditionExpression: 'pendingAlternateEmail.#k = :key AND pendingAlternateEmail.address = :a',
          ExpressionAttributeNames: { '#k': 'key' },
          ExpressionAttributeValues: { ':a': address, ':at': verifiedAt, ':key': key },
        }),
      ),
    async dropPending(memberId, key) {
      await conditional(
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'REMOVE pendingAlternateEmail',
          ConditionExpression: 'pendingAlternateEmail.#k = :key',
          ExpressionAttributeNames: { '#k': 'key' },
          ExpressionAttributeValues: { ':key': key },
        }),
      );
    },
    remove: (memberId, verified) =>
      conditional(
        new UpdateCommand({
          TableName: table,
          Key: memberKey(memberId),
          UpdateExpression: 'REMOVE verifiedAlternateEmail, alternateEmailVerifiedAt, pendingAlternateEmail',
          ConditionExpression:
            verified === null ? 'attribute_exists(pk) AND attribute_not_exists(verifiedAlternateEmail)' : 'verifiedAlternateEmail = :v',
          ...(verified !== null && { ExpressionAttributeValues: { ':v': verified } }),
        }),
      ),
  };
}
