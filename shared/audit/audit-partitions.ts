import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../clients/dynamo-helpers';
import type { ChainedRecord } from './audit-chain';
import { auditPartition, parsePartition, partitionRegistry } from './audit-keys';

export type StoredRecord = ChainedRecord & { sk: string };

/** Read access to the trail's partitions, for the digest job and the verifiers: never a scan. */
export interface AuditPartitions {
  /** The partitions registered for a day (`AUDIT#<institution>#<day>#<shard>`). */
  registered(day: string): Promise<string[]>;
  /** The last record of a partition (null when it has none). */
  tail(partition: string): Promise<{ seq: number; hash: string } | null>;
  /** Every record of a partition, in sequence order. */
  records(partition: string): Promise<StoredRecord[]>;
}

/** The last record of a partition (a consistent read: the writers chain from it). */
export async function readTail(
  db: DynamoDBDocumentClient,
  table: string,
  partition: string,
): Promise<{ seq: number; hash: string } | null> {
  const out = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const last = out.Items?.[0];
  return last ? { seq: Number(last.seq), hash: String(last.hash) } : null;
}

export function dynamoAuditPartitions(db: DynamoDBDocumentClient, table: string): AuditPartitions {
  return {
    async registered(day) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitionRegistry(day) },
        ConsistentRead: true,
      });
      return items.flatMap((i) => {
        const sk = String(i.sk);
        const cut = sk.lastIndexOf('#');
        const pk = auditPartition(sk.slice(0, cut), day, Number(sk.slice(cut + 1)));
        return parsePartition(pk) ? [pk] : [];
      });
    },
    tail: (partition) => readTail(db, table, partition),
    async records(partition) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ConsistentRead: true,
      });
      return items as StoredRecord[];
    },
  };
}
