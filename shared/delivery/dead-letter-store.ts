import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueId } from '../catalog';
import { isConditionFailure } from '../clients/dynamo-helpers';
import type { DeadLetterLedger } from './dead-letters';
import { HOLD_HOURS } from './dead-letters';

/** Dead-lettered messages are counted as long as SQS keeps a dead-letter queue's messages. */
const LEDGER_DAYS = 14;

const epoch = (at: Date, days: number) => Math.floor(at.getTime() / 1000) + days * 86_400;

/**
 * The ledger in the directory table: `DEADLETTER#<queue>` holds one item per message body (by its
 * SHA-256, never the body), the `HOLD` item and one `REDRIVES#<day>` counter per day.
 */
export function dynamoDeadLetterLedger(db: DynamoDBDocumentClient, table: string): DeadLetterLedger {
  const pk = (queue: QueueId) => `DEADLETTER#${queue}`;
  return {
    async record(queue, body, at) {
      const digest = createHash('sha256').update(body).digest('base64url');
      const out = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(queue), sk: `MESSAGE#${digest}` },
          UpdateExpression: 'ADD deadLetters :one SET lastAt = :at, expiresAt = :ttl',
          ExpressionAttributeValues: { ':one': 1, ':at': at.toISOString(), ':ttl': epoch(at, LEDGER_DAYS) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const count = Number(out.Attributes?.deadLetters ?? 1);
      if (count >= 2) {
        const until = new Date(at.getTime() + HOLD_HOURS * 3_600_000);
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(queue), sk: 'HOLD', until: until.toISOString(), expiresAt: epoch(until, 1) },
          }),
        );
      }
      return count;
    },
    async heldUntil(queue, now) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk: pk(queue), sk: 'HOLD' }, ConsistentRead: true }));
      // TTL deletes late (up to days): the time is compared here.
      return typeof Item?.until === 'string' && Item.until > now.toISOString() ? Item.until : null;
    },
    async claimRedrive(queue, day, max) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pk(queue), sk: `REDRIVES#${day}` },
            UpdateExpression: 'ADD redrives :one SET expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(redrives) OR redrives < :max',
            ExpressionAttributeValues: { ':one': 1, ':max': max, ':ttl': epoch(new Date(`${day}T00:00:00Z`), 2) },
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
