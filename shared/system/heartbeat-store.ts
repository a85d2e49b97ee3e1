import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/** The scheduler's heartbeat: one item, overwritten by each run. */
const KEY = { pk: 'SYSTEM', sk: 'HEARTBEAT' } as const;

export interface HeartbeatStore {
  record(at: Date): Promise<void>;
  lastRunAt(): Promise<string | null>;
}

export function dynamoHeartbeatStore(db: DynamoDBDocumentClient, table: string): HeartbeatStore {
  return {
    async record(at) {
      await db.send(new PutCommand({ TableName: table, Item: { ...KEY, lastRunAt: at.toISOString() } }));
    },
    async lastRunAt() {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: KEY, ConsistentRead: true }));
      return typeof Item?.lastRunAt === 'string' ? Item.lastRunAt : null;
    },
  };
}
