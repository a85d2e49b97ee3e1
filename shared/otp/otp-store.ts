import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { OtpChallenge } from './otp';

/** Stored challenges, one per subject (`latereq:<id>`, later `activation:<member>`). */
export interface OtpStore {
  /** Stores (or replaces) the challenge of a subject. */
  put(subject: string, challenge: OtpChallenge): Promise<void>;
  /**
   * Counts one more try and returns the challenge as it is after it, or null when there is no
   * challenge. A challenge whose tries are used up comes back with `attempts > maxAttempts`.
   */
  countTry(subject: string): Promise<OtpChallenge | null>;
  /** Removes the challenge: a code that worked cannot work twice. */
  discard(subject: string): Promise<void>;
}

const otpKey = (subject: string) => ({ pk: `OTP#${subject}`, sk: 'OTP' });
// The item outlives the code by a day so a late try still reads "expired", then DynamoDB drops it.
const KEEP_SECONDS = 86_400;

/** Items `OTP#<subject>`/`OTP`: hash, expiry, tries; TTL `expiresAt`. Never the code. */
export function dynamoOtpStore(db: DynamoDBDocumentClient, table: string): OtpStore {
  const view = (item: Record<string, unknown>): OtpChallenge => ({
    hash: item.hash as string,
    expiresAt: item.codeExpiresAt as string,
    attempts: Number(item.attempts),
    maxAttempts: Number(item.maxAttempts),
  });
  return {
    async put(subject, c) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...otpKey(subject),
            hash: c.hash,
            codeExpiresAt: c.expiresAt,
            attempts: c.attempts,
            maxAttempts: c.maxAttempts,
            expiresAt: Math.floor(new Date(c.expiresAt).getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
    async countTry(subject) {
      try {
        // The try is counted before the code is compared, atomically, so parallel guesses
        // cannot get more than maxAttempts comparisons.
        const out = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: otpKey(subject),
            UpdateExpression: 'SET attempts = attempts + :one',
            ConditionExpression: 'attribute_exists(pk) AND attempts < maxAttempts',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return view(out.Attributes ?? {});
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await db.send(new GetCommand({ TableName: table, Key: otpKey(subject), ConsistentRead: true }));
        if (!Item) return null;
        const spent = view(Item);
        return { ...spent, attempts: spent.maxAttempts + 1 };
      }
    },
    async discard(subject) {
      await db.send(new DeleteCommand({ TableName: table, Key: otpKey(subject) }));
    },
  };
}
