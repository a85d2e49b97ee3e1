import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { LateRequestStatusStore, StatusToken } from './late-request-status';

/** `LATESTATUS#<keyed hash of the token>` / `LATESTATUS`: the request it answers for, kept a year (TTL). */
const key = (tokenKey: string) => ({ pk: `LATESTATUS#${tokenKey}`, sk: 'LATESTATUS' });

const tokenSchema = z.object({ requestId: z.string(), confirmedAt: z.string(), expiresAt: z.number() });

export function dynamoLateRequestStatusStore(db: DynamoDBDocumentClient, table: string): LateRequestStatusStore {
  return {
    async put(token: StatusToken, expiresAt: Date) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...key(token.tokenKey),
            requestId: token.requestId,
            confirmedAt: token.confirmedAt,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(tokenKey) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(tokenKey) }));
      if (!Item) return null;
      const { requestId, confirmedAt, expiresAt } = tokenSchema.parse(Item);
      return { token: { tokenKey, requestId, confirmedAt }, expiresAt: new Date(expiresAt * 1000) };
    },
  };
}
