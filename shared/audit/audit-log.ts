import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/dynamo-helpers';
import { GENESIS, recordHash } from './audit-chain';

/** One audit record. Never a password, code, token or full national ID: names of fields only. */
export interface AuditEntry {
  actor: string;
  role: string;
  action: string;
  target: string;
  institution: string;
  at: Date;
  requestId: string;
  outcome: 'success' | 'refused' | 'failed';
  reason?: string;
  details?: Record<string, string | number | boolean | string[]>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/**
 * Chains per institution, day and shard. Shards let concurrent writers (an import applies rows in
 * parallel) append without queueing behind one tail; `audit:verify` walks every shard of a day.
 */
export const AUDIT_SHARDS = 8;
export const auditPartition = (institution: string, day: string, shard: number) => `AUDIT#${institution}#${day}#${shard}`;
export const seqKey = (seq: number) => String(seq).padStart(12, '0');

/** Appends racing for the same sequence number retry; this bounds it well past realistic contention. */
const MAX_ATTEMPTS = 25;

/**
 * Append-only, hash-chained writer. Each record carries its sequence number in the partition,
 * the previous record's hash and its own; the sequence number is the sort key and the put is
 * conditional on it being new, so two writers can never both extend the chain from the same
 * tail — the loser re-reads the tail and tries again.
 */
export function dynamoAuditLog(db: DynamoDBDocumentClient, table: string, retentionDays: number): AuditLog {
  async function tail(pk: string): Promise<{ seq: number; hash: string }> {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = out.Items?.[0];
    return last ? { seq: last.seq as number, hash: last.hash as string } : { seq: 0, hash: GENESIS };
  }

  return {
    async record(entry) {
      const at = entry.at.toISOString();
      const pk = auditPartition(entry.institution, at.slice(0, 10), Math.floor(Math.random() * AUDIT_SHARDS));
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const prev = await tail(pk);
        const content = { ...entry, at, seq: prev.seq + 1, prevHash: prev.hash };
        try {
          await db.send(
            new PutCommand({
              TableName: table,
              Item: {
                pk,
                sk: seqKey(content.seq),
                ...content,
                hash: recordHash(content),
                expiresAt: Math.floor(entry.at.getTime() / 1000) + retentionDays * 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          return;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
        }
      }
      throw new Error(`audit chain ${pk} stayed contended for ${MAX_ATTEMPTS} attempts`);
    },
  };
}
