import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import { ATTEMPT_KEEP_SECONDS } from './activation-policy';

/**
 * One activation attempt (step 1). Every step-1 call stores one, matched or not, so both cost the
 * same. `personKey` is the member id the national ID hashes to, whether or not such a member
 * exists (a keyed hash, like every member id); `memberId` is set only when the person matched an
 * eligible member — otherwise the attempt's code was never sent and step 2 can only fail.
 */
export interface ActivationAttempt {
  attemptId: string;
  personKey: string;
  memberId: string | null;
  createdAt: string;
  usedAt?: string;
}

/**
 * Wrong codes are counted per person (over all attempts, matched or not, so step 2 behaves the
 * same for both), and five lock the person out for a while.
 */
export interface AttemptStore {
  create(attempt: ActivationAttempt): Promise<void>;
  get(attemptId: string): Promise<ActivationAttempt | null>;
  /** Marks the attempt used; false when it already was (a code works once, even in parallel). */
  markUsed(attemptId: string, at: string): Promise<boolean>;
  /** Counts one more wrong code for a person and returns the count (reset after `keepSeconds`). */
  countFailure(personKey: string, now: Date, keepSeconds: number): Promise<number>;
  /** Locks a person out until `until` and resets the count. */
  lock(personKey: string, until: string): Promise<void>;
  /** The end of the person's lock, if one was set (it may be past). */
  lockedUntil(personKey: string): Promise<string | null>;
  clearFailures(personKey: string): Promise<void>;
}

const attemptKey = (attemptId: string) => ({ pk: `ACTIVATION#${attemptId}`, sk: 'ATTEMPT' });
const guardKey = (personKey: string) => ({ pk: `ACTIVATION-GUARD#${personKey}`, sk: 'GUARD' });
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

/** Items `ACTIVATION#<attempt>`/`ATTEMPT` and `ACTIVATION-GUARD#<person>`/`GUARD`, both with TTL. Never a code. */
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
        personKey: Item.personKey,
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
    async countFailure(personKey, now, keepSeconds) {
      const ttl = epoch(now) + keepSeconds;
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: guardKey(personKey),
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
        await db.send(new PutCommand({ TableName: table, Item: { ...guardKey(personKey), failures: 1, expiresAt: ttl } }));
        return 1;
      }
    },
    async lock(personKey, until) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...guardKey(personKey), failures: 0, lockedUntil: until, expiresAt: epoch(new Date(until)) },
        }),
      );
    },
    async lockedUntil(personKey) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: guardKey(personKey), ConsistentRead: true }));
      return typeof Item?.lockedUntil === 'string' ? Item.lockedUntil : null;
    },
    async clearFailures(personKey) {
      await db.send(new DeleteCommand({ TableName: table, Key: guardKey(personKey) }));
    },
  };
}
