import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromCursor } from '../clients/dynamo-helpers';
import { AUDIT_SHARDS, auditPartition, seqKey } from './audit-log';
import {
  type AuditCursor,
  type AuditQuery,
  atCondition,
  daysInRange,
  decodeCursor,
  encodeCursor,
  mergeShards,
  type TimeRange,
} from './audit-query-plan';

/** One audit record as the API shows it: the record and its place in the chain, not the hashes. */
export interface AuditRecordView {
  at: string;
  actor: string;
  /** The actor's login, looked up at read time for deployment-wide readers (shared/audit/actor-logins.ts); null otherwise or when unknown. */
  actorLogin: string | null;
  role: string;
  action: string;
  target: string;
  institution: string;
  outcome: string;
  reason: string | null;
  requestId: string;
  seq: number;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditRecordView[];
  nextCursor: string | null;
}

export interface AuditQueries {
  /** Newest first; `cursor` is what the previous page returned for the same query. */
  find(query: AuditQuery, limit: number, cursor?: string): Promise<AuditPage>;
}

export function toAuditView(i: Record<string, unknown>): AuditRecordView {
  return {
    at: String(i.at),
    actor: String(i.actor),
    actorLogin: null,
    role: String(i.role),
    action: String(i.action),
    target: String(i.target),
    institution: String(i.institution),
    outcome: String(i.outcome),
    reason: typeof i.reason === 'string' ? i.reason : null,
    requestId: String(i.requestId ?? ''),
    seq: Number(i.seq),
    details: (i.details as Record<string, unknown> | undefined) ?? null,
  };
}

type Stored = Record<string, unknown> & { seq: number; at: string };

/**
 * Reads the audit table without a scan: by target or actor through the `byTarget`/`byActor`
 * indexes (sort key `at`), by institution through its day×shard partitions (a k-way merge of
 * the 8 shards of each day, newest day first).
 */
export function dynamoAuditQueries(db: DynamoDBDocumentClient, table: string): AuditQueries {
  async function byIndex(index: 'byTarget' | 'byActor', key: string, range: TimeRange, limit: number, start?: AuditCursor) {
    const at = atCondition(range);
    const out = await fromCursor(start && 'cursor', () =>
      db.send(
        new QueryCommand({
          TableName: table,
          IndexName: index,
          KeyConditionExpression: `#k = :k${at ? ` AND ${at.expression}` : ''}`,
          ExpressionAttributeNames: { '#k': index === 'byTarget' ? 'target' : 'actor', ...(at && { '#at': 'at' }) },
          ExpressionAttributeValues: { ':k': key, ...at?.values },
          ScanIndexForward: false,
          Limit: limit,
          ...(start?.k === 'index' && { ExclusiveStartKey: start.key }),
        }),
      ),
    );
    return {
      items: (out.Items ?? []).map(toAuditView),
      nextCursor: out.LastEvaluatedKey ? encodeCursor({ k: 'index', key: out.LastEvaluatedKey }) : null,
    };
  }

  /**
   * Up to `want` records of one shard in the range, newest first, below sequence `before`.
   * `exhausted`: nothing older is left in this shard (so the cursor can skip it).
   */
  async function readShard(pk: string, range: Required<TimeRange>, want: number, before: number | null) {
    const items: Stored[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: before === null ? 'pk = :pk' : 'pk = :pk AND sk < :before',
          FilterExpression: '#at >= :from AND #at < :to',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': range.from.toISOString(),
            ':to': range.to.toISOString(),
            ...(before !== null && { ':before': seqKey(before) }),
          },
          ScanIndexForward: false,
          Limit: want,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as Stored[]));
      start = out.LastEvaluatedKey;
    } while (start && items.length < want);
    return { items: items.slice(0, want), more: Boolean(start) || items.length > want };
  }

  async function byInstitution(institution: string, range: Required<TimeRange>, limit: number, cursor?: AuditCursor) {
    const days = daysInRange(range);
    let dayIndex = cursor?.k === 'institution' ? days.indexOf(cursor.day) : 0;
    let positions: Array<number | null> = cursor?.k === 'institution' ? cursor.shards : Array(AUDIT_SHARDS).fill(null);
    const items: AuditRecordView[] = [];

    for (let day = days[dayIndex]; day !== undefined && items.length < limit; day = days[dayIndex]) {
      const want = limit - items.length;
      const reads = await Promise.all(
        positions.map((pos, shard) =>
          pos === 0 ? { items: [] as Stored[], more: false } : readShard(auditPartition(institution, day, shard), range, want, pos),
        ),
      );
      const streams = reads.map((r, shard) => r.items.map((i) => ({ ...i, shard })));
      const taken = mergeShards(streams, want);
      items.push(...taken.map(toAuditView));

      // Each shard's new position: the last record taken from it, or 0 once nothing is left.
      positions = positions.map((pos, shard) => {
        const fromShard = taken.filter((t) => t.shard === shard);
        const last = fromShard[fromShard.length - 1];
        if (fromShard.length === streams[shard]?.length && !reads[shard]?.more) return 0;
        return last ? last.seq : pos;
      });
      if (positions.every((p) => p === 0)) {
        dayIndex++;
        positions = Array(AUDIT_SHARDS).fill(null);
      }
    }
    const next = days[dayIndex];
    return { items, nextCursor: next ? encodeCursor({ k: 'institution', day: next, shards: positions }) : null };
  }

  return {
    async find(query, limit, cursorText) {
      const cursor = cursorText ? decodeCursor(cursorText, query) : undefined;
      if (query.by === 'institution') return byInstitution(query.institution, query.range, limit, cursor);
      return query.by === 'target'
        ? byIndex('byTarget', query.target, query.range, limit, cursor)
        : byIndex('byActor', query.actor, query.range, limit, cursor);
    },
  };
}
