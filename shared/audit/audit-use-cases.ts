import { type Actor, mayActEverywhere, mayActOnInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import { ForbiddenError, ValidationError } from '../errors';
import { csvLine } from '../exports/csv-cell';
import { foldLogin } from '../staff/login';
import { type ActorLoginSources, withActorLogins } from './actor-logins';
import type { AuditEntry, AuditLog } from './audit-log';
import type { AuditPage, AuditQueries, AuditRecordView } from './audit-queries';
import { type AuditQuery, type AuditQueryInput, planAuditQuery } from './audit-query-plan';
import type { AuditCheck, DigestReport, PartitionReport } from './verify-audit';

export interface AuditQueryDeps {
  queries: AuditQueries;
  audit: AuditLog;
  clock: Clock;
  /** Where actors' logins are found, for deployment-wide readers (operators, auditors). */
  logins?: ActorLoginSources;
  onLookupFailed?: (error: unknown) => void;
}

const roleOf = (actor: Actor) => (actor.roles.includes('operator') ? 'operator' : actor.roles.join(',') || 'none');

/** What a query reads, as an audit target: the institution, or `target:<id>` / `actor:<sub>`. */
const subjectOf = (query: AuditQuery) =>
  query.by === 'institution' ? query.institution : `${query.by}:${query.by === 'target' ? query.target : query.actor}`;

/**
 * By institution, the policy decides (operators and auditors every one, school admins those they
 * administer); by target or actor the query spans every institution, which only a caller reaching
 * every one (an operator, an auditor) may read. The code stays `operators_only`, as clients know it. A refusal is audited as `refused` before the 403, like every refused action.
 */
async function assertMayRead(query: AuditQuery, actor: Actor, deps: AuditQueryDeps, requestId: string, action: string) {
  if (query.by === 'institution' ? mayActOnInstitution(actor, query.institution) : mayActEverywhere(actor)) return;
  const code = query.by === 'institution' ? 'institution_out_of_scope' : 'operators_only';
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action,
    target: subjectOf(query),
    institution: query.by === 'institution' ? query.institution : 'none',
    at: deps.clock.now(),
    requestId,
    outcome: 'refused',
    reason: code,
  });
  throw new ForbiddenError(
    query.by === 'institution' ? 'This institution is outside your scope' : 'Only operators and auditors query by target or actor',
    code,
  );
}

/**
 * People know logins, records name subs: an actor given as a login (it has an `@`) is read as the
 * `sub` of the pool account with that login — whose actions (a school admin's, an agent's, a
 * member's own password change) are recorded under it. A login the pool does not know is read as
 * it is: the records written under a login (a public forgot-password request) are found that way.
 */
async function actorByLogin(query: AuditQuery, deps: AuditQueryDeps): Promise<AuditQuery> {
  if (query.by !== 'actor' || !query.actor.includes('@') || !deps.logins?.poolSub) return query;
  const sub = await deps.logins.poolSub(foldLogin(query.actor));
  return sub ? { ...query, actor: sub } : query;
}

/**
 * A page of the trail, and a record that it was read (the filters, never the records): who looked
 * at what is part of the trail. A read is filed under the reader's institution — `none` for
 * operators, who read deployment-wide — so an institution's own trail is not filled with the
 * operators' reads of it; they are found by actor, or by target (the institution's code).
 */
export async function queryAuditTrail(
  input: AuditQueryInput & { limit: number; cursor?: string },
  actor: Actor,
  deps: AuditQueryDeps,
  requestId: string,
  action = 'audit.queried',
): Promise<AuditPage> {
  const asked = planAuditQuery(input, deps.clock.now());
  await assertMayRead(asked, actor, deps, requestId, action);
  const query = await actorByLogin(asked, deps);
  const found = await deps.queries.find(query, input.limit, input.cursor);
  // Logins for those who read the whole deployment's trail; a school admin sees roles and ids.
  const page =
    deps.logins && mayActEverywhere(actor)
      ? { ...found, items: await withActorLogins(found.items, deps.logins, deps.onLookupFailed) }
      : found;
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action,
    target: subjectOf(query),
    institution: mayActEverywhere(actor) || query.by !== 'institution' ? 'none' : query.institution,
    at: deps.clock.now(),
    requestId,
    outcome: 'success',
    details: {
      ...(query.range.from && { from: query.range.from.toISOString() }),
      ...(query.range.to && { to: query.range.to.toISOString() }),
      page: input.cursor ? 'next' : 'first',
      records: page.items.length,
    },
  });
  return page;
}

// actorLogin last: a column added after the first exports, so readers of the earlier ones keep their positions.
const CSV_HEADER = [
  'at',
  'actor',
  'role',
  'action',
  'target',
  'institution',
  'outcome',
  'reason',
  'requestId',
  'seq',
  'details',
  'actorLogin',
];

/** Audit records as CSV; every cell formula-safe (a reason or detail is free text). */
export function auditCsv(items: AuditRecordView[]): string {
  return (
    `\uFEFF${csvLine(CSV_HEADER)}` +
    items
      .map((r) =>
        csvLine([
          r.at,
          r.actor,
          r.role,
          r.action,
          r.target,
          r.institution,
          r.outcome,
          r.reason,
          r.requestId,
          r.seq,
          r.details ? JSON.stringify(r.details) : null,
          r.actorLogin,
        ]),
      )
      .join('')
  );
}

export interface VerifyDeps {
  verifyDay(institution: string, day: string): Promise<AuditCheck>;
  audit: AuditLog;
  clock: Clock;
}

export interface VerifyReport {
  institutionCode: string;
  day: string;
  /** Every chain holds, every tail a digest signed is still there, and every digest read is intact. */
  intact: boolean;
  records: number;
  /** Records written before the keyed chain: checked with the old unkeyed hash, held by the digests only. */
  unkeyed: number;
  /** The first broken link of the day (lowest shard), null when every chain holds. */
  firstBreak: (NonNullable<PartitionReport['firstBreak']> & { partition: string }) | null;
  partitions: PartitionReport[];
  digests: DigestReport;
}

/** Checks an institution's day (every shard) and records that it was checked, with the result. */
export async function verifyAuditTrail(
  input: { institutionCode: string; day: string },
  actor: Actor,
  deps: VerifyDeps,
  requestId: string,
): Promise<VerifyReport> {
  if (Number.isNaN(Date.parse(`${input.day}T00:00:00Z`)) || new Date(`${input.day}T00:00:00Z`).toISOString().slice(0, 10) !== input.day) {
    throw new ValidationError([{ field: 'body.day', code: 'day_invalid', message: 'A calendar day, YYYY-MM-DD (UTC)' }]);
  }
  const { partitions, digests } = await deps.verifyDay(input.institutionCode, input.day);
  const broken = partitions.find((p) => p.firstBreak);
  const report: VerifyReport = {
    institutionCode: input.institutionCode,
    day: input.day,
    intact: !broken && digests.problems.length === 0,
    records: partitions.reduce((n, p) => n + p.records, 0),
    unkeyed: partitions.reduce((n, p) => n + p.unkeyed, 0),
    firstBreak: broken?.firstBreak ? { partition: broken.partition, ...broken.firstBreak } : null,
    partitions,
    digests,
  };
  const details: AuditEntry['details'] = { day: input.day, records: report.records, intact: report.intact, digests: digests.checked };
  if (report.firstBreak) details.firstBreak = `${report.firstBreak.partition} seq ${report.firstBreak.seq}: ${report.firstBreak.reason}`;
  if (digests.problems.length) details.digestProblems = digests.problems.map((p) => `${p.key}: ${p.problem}`);
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action: 'audit.verified',
    target: `AUDIT#${input.institutionCode}#${input.day}`,
    institution: input.institutionCode,
    at: deps.clock.now(),
    requestId,
    outcome: 'success',
    details,
  });
  return report;
}
