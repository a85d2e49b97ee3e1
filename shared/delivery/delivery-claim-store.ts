import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { DeliveryClaim, DeliveryClaims } from './delivery-claims';

/** Kept for as long as a message for the step can still arrive (a dead-letter queue keeps 14 days; resumes come later). */
const KEEP_DAYS = 90;

const claimSchema = z.object({
  state: z.enum(['sending', 'sent']),
  nonce: z.string().optional(),
  claimedAt: z.string(),
  setAt: z.string().optional(),
  smsRejected: z.boolean().optional(),
});

const key = (memberId: string, step: string) => ({ pk: `DELIVERY#${memberId}`, sk: `STEP#${step}` });

/** Claims in the directory table: `DELIVERY#<member>` / `STEP#<step>`, with a TTL. */
export function dynamoDeliveryClaims(db: DynamoDBDocumentClient, table: string): DeliveryClaims {
  return {
    async claim(memberId, step, nonce, at) {
      const claim: DeliveryClaim = { state: 'sending', nonce, claimedAt: at };
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...key(memberId, step), ...claim, expiresAt: Math.floor(Date.parse(at) / 1000) + KEEP_DAYS * 86_400 },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { claim, fresh: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(memberId, step), ConsistentRead: true }));
      return { claim: claimSchema.parse(Item), fresh: false };
    },
    async complete(memberId, step, outcome) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: key(memberId, step),
          UpdateExpression: 'SET #state = :sent, setAt = :setAt, smsRejected = :rejected REMOVE nonce',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':setAt': outcome.setAt, ':rejected': outcome.smsRejected },
        }),
      );
    },
  };
}
