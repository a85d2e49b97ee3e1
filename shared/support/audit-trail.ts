import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AuditRecordView, dynamoAuditQueries } from '../audit/audit-queries';

/** One audit record as support reads it: what, who, when, why — not the chain's hashes. */
export type AuditView = Pick<AuditRecordView, 'at' | 'action' | 'actor' | 'role' | 'institution' | 'outcome' | 'reason' | 'details'>;

export interface AuditTrail {
  /** Records about `target`, newest first, through the audit table's `byTarget` index. */
  ofTarget(target: string, limit: number, cursor?: string): Promise<{ items: AuditView[]; nextCursor: string | null }>;
}

/** The desk's view of the general audit queries (`shared/audit/audit-queries.ts`), by target only. */
export function dynamoAuditTrail(db: DynamoDBDocumentClient, table: string): AuditTrail {
  const queries = dynamoAuditQueries(db, table);
  return {
    async ofTarget(target, limit, cursor) {
      const page = await queries.find({ by: 'target', target, range: {} }, limit, cursor);
      return {
        items: page.items.map(({ at, action, actor, role, institution, outcome, reason, details }) => ({
          at,
          action,
          actor,
          role,
          institution,
          outcome,
          reason,
          details,
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
