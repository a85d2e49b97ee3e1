import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../clients/dynamo-helpers';
import { type ChainBreak, type ChainedRecord, verifyChain } from './audit-chain';
import { AUDIT_SHARDS, auditPartition } from './audit-log';

export interface PartitionReport {
  partition: string;
  records: number;
  firstBreak: ChainBreak | null;
}

/** Checks every shard's chain of one institution's day; reads the partitions, never the table. */
export async function verifyAuditDay(
  db: DynamoDBDocumentClient,
  table: string,
  institution: string,
  day: string,
): Promise<PartitionReport[]> {
  const reports: PartitionReport[] = [];
  for (let shard = 0; shard < AUDIT_SHARDS; shard++) {
    const partition = auditPartition(institution, day, shard);
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ConsistentRead: true,
    });
    reports.push({ partition, records: items.length, firstBreak: verifyChain(items as Array<ChainedRecord & { sk: string }>) });
  }
  return reports;
}
