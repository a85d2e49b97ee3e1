import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import { ATTEMPT_KEEP_SECONDS } from './activation-policy';

/**
 * One activation attempt (step 1). Every step-1 call stores one, matched or not, so both cost the
 * same. `memberId` is set only when the person matched an eligible member, i.e. when the attempt's
 * code was sent to the member's phone on record; otherwise the code was never sent and step 2 can
 * only fail.
 */
export interface ActivationAttempt {
  attemptId: string;
  memberId: string | null;
  createdAt: string;
  usedAt?: string;
}

/**
 * Attempts, and the wrong-code counters of activation: one per member (only matched attempts add
 * to it) and one per source (a keyed hash of the IP). A counter forgets itself `keepSeconds` after
 * its first failure.
 */
export interface AttemptStore {
  create(attempt: ActivationAttempt): Promise<void>;
  get(attemptId: string): Promise<ActivationAttempt | null>;
  /** Marks the attempt used; false when it already was (a code works once, even in parallel). */
  markUsed(attemptId: string, at: string): Promise<boolean>;
  /** Counts one more wrong code on `key` (a member id or a source key) and returns the count. */
  countFailure(key: string, now: Date, keepSeconds: number): Promise<number>;
  /** The wrong codes counted on `key` and not yet forgotten. */
  failures(key: string, now: Date): Promise<number>;
  clearFailures(key: string): Promise<void>;
}

/** The wrong-code counter of a member (its id) or a source (`source:<hash>`). */
export const activationGuardKey = (key: string) => ({ pk: `ACTIVATION-GUARD#${key}`, sk: 'GUARD' });
const attemptKey = (attemptId: string) => ({ pk: `ACTIVATION#${attemptId}`, sk: 'ATTEMPT' });
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** Items `ACTIVATION#<attempt>`/`ATTEMPT` and `ACTIVATION-GUARD#<key>`/`GUARD`, both with TTL. Never a code. */
export function dynamoAttemptStore(db: DynamoDBDocumentClient, table: string): AttemptStore {
  return {
    async create(a) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...attemptKey(a.attemptId), ...a, expiresAt: epoch(new Date(a.createdAt)) + ATTEMPT_KEEP_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(attemptId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: attemptKey(attemptId), ConsistentRead: true }));
      if (!Item) return null;
      return {
        attemptId: Item.attemptId,
        memberId: Item.memberId ?? null,
        createdAt: Item.createdAt,
        ...(Item.usedAt && { usedAt: Item.usedAt }),
      };
    },
    async markUsed(attemptId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: attemptKey(attemptId),
            UpdateExpression: 'SET usedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async countFailure(key, now, keepSeconds) {
      const ttl = epoch(now) + keepSeconds;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: activationGuardKey(key),
            UpdateExpression: 'ADD failures :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
            // TTL deletion lags: an outlived count is replaced, not trusted.
            ConditionExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
            ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':now': epoch(now) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Number(out.Attributes?.failures ?? 0);
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        await db.send(new PutCommand({ TableName: table, Item: { ...activationGuardKey(key), failures: 1, expiresAt: ttl } }));
        return 1;
      }
    },
    async failures(key, now) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: activationGuardKey(key), ConsistentRead: true }));
      if (!Item || Number(Item.expiresAt) <= epoch(now)) return 0;
      return Number(Item.failures ?? 0);
    },
    async clearFailures(key) {
      await db.send(new DeleteCommand({ TableName: table, Key: activationGuardKey(key) }));
    },
  };
}
