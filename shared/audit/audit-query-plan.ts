import { DomainError, ValidationError } from '../errors';
import { AUDIT_SHARDS, auditPartition } from './audit-log';

/**
 * Query planning for the audit trail, with no I/O: which access path answers a question, which
 * day×shard partitions an institution query reads, how the shards merge newest first, and what a
 * cursor carries. The DynamoDB side is `audit-queries.ts`.
 */

/** An institution query reads 8 partitions a day; longer ranges are refused rather than walked. */
export const MAX_INSTITUTION_RANGE_DAYS = 31;
/** Without `from`, an institution query looks back this far from `to`. */
export const DEFAULT_INSTITUTION_RANGE_DAYS = 7;
const DAY_MS = 86_400_000;

/** `to` is exclusive; either end may be open for the index queries (by target, by actor). */
export interface TimeRange {
  from?: Date;
  to?: Date;
}

export type AuditQuery =
  | { by: 'target'; target: string; range: TimeRange }
  | { by: 'actor'; actor: string; range: TimeRange }
  | { by: 'institution'; institution: string; range: Required<TimeRange> };

export interface AuditQueryInput {
  target?: string;
  actor?: string;
  institution?: string;
  from?: string;
  to?: string;
}

/**
 * Exactly one of target, actor, institution. An institution query always has a closed range
 * (default: the last 7 days up to now) of at most 31 days, because it reads day partitions.
 */
export function planAuditQuery(input: AuditQueryInput, now: Date): AuditQuery {
  const given = (['target', 'actor', 'institution'] as const).filter((k) => input[k] !== undefined && input[k] !== '');
  if (given.length !== 1) {
    throw new ValidationError([
      { field: 'query.target', code: 'one_subject_required', message: 'Give exactly one of target, actor, institution' },
    ]);
  }
  const from = input.from ? new Date(input.from) : undefined;
  const to = input.to ? new Date(input.to) : undefined;
  if (from && to && from.getTime() >= to.getTime()) {
    throw new ValidationError([{ field: 'query.from', code: 'range_invalid', message: '`from` must be before `to` (exclusive)' }]);
  }
  if (given[0] === 'target') return { by: 'target', target: input.target as string, range: { from, to } };
  if (given[0] === 'actor') return { by: 'actor', actor: input.actor as string, range: { from, to } };

  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - DEFAULT_INSTITUTION_RANGE_DAYS * DAY_MS);
  if (start.getTime() >= end.getTime()) {
    throw new ValidationError([{ field: 'query.from', code: 'range_invalid', message: '`from` must be before `to` (exclusive)' }]);
  }
  if (end.getTime() - start.getTime() > MAX_INSTITUTION_RANGE_DAYS * DAY_MS) {
    throw new DomainError(
      400,
      'range_too_long',
      `An institution query covers at most ${MAX_INSTITUTION_RANGE_DAYS} days; narrow from/to`,
      'query.from',
    );
  }
  return { by: 'institution', institution: input.institution as string, range: { from: start, to: end } };
}

/** The UTC days a closed range touches, newest first (`to` exclusive: a range ending at midnight skips that day). */
export function daysInRange(range: Required<TimeRange>): string[] {
  const first = range.from.toISOString().slice(0, 10);
  const last = new Date(range.to.getTime() - 1).toISOString().slice(0, 10);
  const days: string[] = [];
  for (let d = new Date(`${last}T00:00:00.000Z`); d.toISOString().slice(0, 10) >= first; d = new Date(d.getTime() - DAY_MS)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** Every partition an institution query may read, newest day first, shards 0…7 within a day. */
export function partitionsFor(institution: string, range: Required<TimeRange>): string[] {
  return daysInRange(range).flatMap((day) => Array.from({ length: AUDIT_SHARDS }, (_, s) => auditPartition(institution, day, s)));
}

/**
 * The sort-key condition on `at` for the byTarget/byActor indexes. ISO strings from
 * `toISOString()` compare as times; `to` is exclusive, so BETWEEN ends one millisecond before it.
 */
export function atCondition(range: TimeRange): { expression: string; values: Record<string, string> } | null {
  const from = range.from?.toISOString();
  const before = range.to ? new Date(range.to.getTime() - 1).toISOString() : undefined;
  if (from && before) return { expression: '#at BETWEEN :from AND :before', values: { ':from': from, ':before': before } };
  if (from) return { expression: '#at >= :from', values: { ':from': from } };
  if (before) return { expression: '#at <= :before', values: { ':before': before } };
  return null;
}

/** One stored record as the merge sees it: its shard, chain position and time. */
export interface ShardRecord {
  shard: number;
  seq: number;
  at: string;
}

/**
 * Merges the shards' streams (each newest first in chain order) into one, newest `at` first, and
 * takes at most `limit`. It is a k-way merge, not a sort: what is taken from each shard is always
 * a prefix of its stream, so a per-shard position is an exact cursor even if a shard's `at` is not
 * strictly monotone (concurrent writers). Ties go to the lower shard.
 */
export function mergeShards<T extends ShardRecord>(streams: T[][], limit: number): T[] {
  const heads = streams.map(() => 0);
  const out: T[] = [];
  while (out.length < limit) {
    let best = -1;
    let bestRecord: T | undefined;
    for (let s = 0; s < streams.length; s++) {
      const candidate = streams[s]?.[heads[s] ?? 0];
      if (candidate && (!bestRecord || candidate.at > bestRecord.at)) {
        best = s;
        bestRecord = candidate;
      }
    }
    if (!bestRecord) break;
    out.push(bestRecord);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return out;
}

/**
 * Where a paginated query resumes. `index`: DynamoDB's LastEvaluatedKey of the GSI query.
 * `institution`: the day being read and, per shard, the last sequence number already returned
 * (null: not started; 0: nothing left) — records appended later have higher numbers, so a page
 * never repeats or skips one.
 */
export type AuditCursor = { k: 'index'; key: Record<string, unknown> } | { k: 'institution'; day: string; shards: Array<number | null> };

export const encodeCursor = (cursor: AuditCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

const cursorInvalid = () =>
  new ValidationError([{ field: 'query.cursor', code: 'cursor_invalid', message: 'Not a cursor this API gave out' }]);

/**
 * An index cursor is the GSI's LastEvaluatedKey: the table key (`pk`, `sk`) and the index key
 * (`target` or `actor`, and `at`), all strings, and the subject the query asks about — a cursor
 * of another subject's trail would otherwise page through it.
 */
function isIndexKey(key: unknown, query: Exclude<AuditQuery, { by: 'institution' }>): key is Record<string, string> {
  if (!key || typeof key !== 'object' || Array.isArray(key)) return false;
  const k = key as Record<string, unknown>;
  const subject = query.by === 'target' ? query.target : query.actor;
  const names = ['pk', 'sk', query.by, 'at'];
  return (
    Object.keys(k).length === names.length &&
    names.every((n) => typeof k[n] === 'string' && k[n] !== '') &&
    k[query.by] === subject &&
    String(k.pk).startsWith('AUDIT#')
  );
}

/** Decodes a cursor and checks it fits the query it came back with. */
export function decodeCursor(text: string, query: AuditQuery): AuditCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw cursorInvalid();
  }
  const c = raw as Partial<{ k: string; key: unknown; day: unknown; shards: unknown }> | null;
  if (query.by !== 'institution') {
    if (c?.k === 'index' && isIndexKey(c.key, query)) return { k: 'index', key: c.key };
    throw cursorInvalid();
  }
  const days = daysInRange(query.range);
  const shards = c?.shards;
  if (
    c?.k === 'institution' &&
    typeof c.day === 'string' &&
    days.includes(c.day) &&
    Array.isArray(shards) &&
    shards.length === AUDIT_SHARDS &&
    shards.every((s) => s === null || (Number.isInteger(s) && s >= 0))
  ) {
    return { k: 'institution', day: c.day, shards: shards as Array<number | null> };
  }
  throw cursorInvalid();
}
