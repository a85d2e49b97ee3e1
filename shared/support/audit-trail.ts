import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors';

/** One audit record as support reads it: what, who, when, why — not the chain's hashes. */
export interface AuditView {
  at: string;
  action: string;
  actor: string;
  role: string;
  institution: string;
  outcome: string;
  reason: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditTrail {
  /** Records about `target`, newest first, through the audit table's `byTarget` index. */
  ofTarget(target: string, limit: number, cursor?: string): Promise<{ items: AuditView[]; nextCursor: string | null }>;
}

const encode = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

function decode(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ field: 'query.cursor', code: 'cursor_invalid', message: 'Not a cursor this API gave out' }]);
}

export function dynamoAuditTrail(db: DynamoDBDocumentClient, table: string): AuditTrail {
  return {
    async ofTarget(target, limit, cursor) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byTarget',
          KeyConditionExpression: '#t = :t',
          ExpressionAttributeNames: { '#t': 'target' },
          ExpressionAttributeValues: { ':t': target },
          ScanIndexForward: false,
          Limit: limit,
          ...(cursor && { ExclusiveStartKey: decode(cursor) }),
        }),
      );
      return {
        items: (out.Items ?? []).map((i) => ({
          at: String(i.at),
          action: String(i.action),
          actor: String(i.actor),
          role: String(i.role),
          institution: String(i.institution),
          outcome: String(i.outcome),
          reason: typeof i.reason === 'string' ? i.reason : null,
          details: (i.details as Record<string, unknown> | undefined) ?? null,
        })),
        nextCursor: out.LastEvaluatedKey ? encode(out.LastEvaluatedKey) : null,
      };
    },
  };
}
