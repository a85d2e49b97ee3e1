import { createHmac } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import { derivedKey } from './otp';

export interface RateLimit {
  /** Hits allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** Codes sent to one phone, or for one national ID: at most 3 an hour. */
export const CODE_SEND_LIMIT: RateLimit = { limit: 3, windowSeconds: 3600 };

export interface RateLimiter {
  /** Counts a hit on `key` in the current window; false (and not counted) once the limit is reached. */
  hit(key: string, rule: RateLimit, now: Date): Promise<boolean>;
}

/**
 * Rate-limit keys are keyed hashes too (their own derived key), so a counter item names no
 * phone number or national ID.
 */
export function rateKeyHasher(secret: string) {
  const key = derivedKey(secret, 'rate-limit');
  return (kind: string, value: string) => `${kind}:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/**
 * Fixed windows: one counter item per key and window (`RATE#<key>#<window start>`), incremented
 * under a condition so concurrent hits never pass the limit, and dropped by TTL after the window.
 */
export function dynamoRateLimiter(db: DynamoDBDocumentClient, table: string): RateLimiter {
  return {
    async hit(key, rule, now) {
      const windowStart = Math.floor(now.getTime() / 1000 / rule.windowSeconds) * rule.windowSeconds;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: `RATE#${key}#${windowStart}`, sk: 'RATE' },
            UpdateExpression: 'ADD hits :one SET expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
            ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':ttl': windowStart + rule.windowSeconds * 2 },
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
