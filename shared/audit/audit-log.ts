import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

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
 * Append-only writer: one item per entry, partitioned per institution and day. (Hash chaining,
 * queries and retention arrive with the audit-trail issue; the port stays the same.)
 */
export function dynamoAuditLog(db: DynamoDBDocumentClient, table: string, retentionDays: number): AuditLog {
  return {
    async record(entry) {
      const at = entry.at.toISOString();
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            pk: `AUDIT#${entry.institution}#${at.slice(0, 10)}`,
            sk: `${at}#${randomUUID()}`,
            ...entry,
            at,
            expiresAt: Math.floor(entry.at.getTime() / 1000) + retentionDays * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
  };
}
