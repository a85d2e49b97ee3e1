import type { AuditLog } from '../audit/audit-log';
import { type Actor, actingInstitution, type InstitutionRegions, mayActEverywhere, mayActOnInstitutionIn } from '../auth/scope';
import type { Clock } from '../clock';
import { ForbiddenError, ValidationError } from '../errors';
import type { ProgressCounts } from '../progress/progress-counters';
import { type DeliveryCounts, monthOf } from './delivery-stats';
import { isoWeekOf } from './password-expiry-stats';

/** Every figure is one counter read (or a COUNT over a week of the sparse deadline index): never a scan. */
export interface ReportDeps {
  regions: InstitutionRegions;
  audit: AuditLog;
  clock: Clock;
  delivery(institutionCode: string | null, month: string): Promise<DeliveryCounts>;
  progress(institutionCode: string): Promise<ProgressCounts>;
  /** Accounts closed deployment-wide: the `PROGRESS#ALL` counter, moved with every institution's. */
  deploymentClosed(): Promise<number>;
  /** The institution's own mailboxes, counted apart from its staff (shared/institution-mailboxes). */
  mailboxProgress(institutionCode: string): Promise<ProgressCounts>;
  reopened(institutionCode: string | null, week: string): Promise<number>;
  deadlinesWithin7Days(now: Date): Promise<number>;
}

/**
 * Which institution a report is about: the one asked for, if the caller reaches it; without one,
 * the deployment for operators and deployment-wide support, else the caller's own institution
 * (one they must name when they hold the route's roles in several).
 * A refusal is audited in the targeted institution's trail.
 */
async function reportTarget(actor: Actor, requested: string | undefined, report: string, deps: ReportDeps, requestId: string) {
  if (requested === undefined) {
    if (mayActEverywhere(actor)) return null;
    const own = actingInstitution(actor, null, 'institutionCode');
    if (own) return own;
    throw new ValidationError([{ field: 'institutionCode', code: 'required', message: 'Name the institution to report on' }]);
  }
  if (await mayActOnInstitutionIn(actor, requested, deps.regions)) return requested;
  await deps.audit.record({
    actor: actor.sub,
    role: actor.roles.join(','),
    action: `report.${report}`,
    target: `INSTITUTION#${requested}`,
    institution: requested,
    at: deps.clock.now(),
    requestId,
    outcome: 'refused',
    reason: 'institution_out_of_scope',
  });
  throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
}

/**
 * Emails sent / rejected / bounced / complained and SMS sent / failed in a month (UTC, by when
 * each was recorded). SMS are counted deployment-wide only (the sender does not know the
 * member's institution): an institution's report has them as null.
 */
export async function deliveryReport(
  actor: Actor,
  query: { institutionCode?: string; month?: string },
  deps: ReportDeps,
  requestId: string,
) {
  const institutionCode = await reportTarget(actor, query.institutionCode, 'delivery', deps, requestId);
  const month = query.month ?? monthOf(deps.clock.now());
  const counts = await deps.delivery(institutionCode, month);
  return {
    institutionCode,
    month,
    emails: {
      sent: counts.emailsSent,
      rejected: counts.emailsRejected,
      bounced: counts.emailsBounced,
      complained: counts.emailsComplained,
    },
    sms: { sent: counts.smsSent, failed: counts.smsFailed },
  };
}

/**
 * Password-expiry status: accounts closed (the `expired` progress counter: activation window,
 * temporary password or password expired; deployment-wide, its `PROGRESS#ALL` twin, which counts
 * staff only), the institution's own mailboxes open and closed beside them, reopened this ISO week
 * (resets and reopened activation windows, mailboxes included), and accounts (members and
 * mailboxes) with a deadline in the next 7 days — the latter
 * deployment-wide only, as the deadline index is by day and shard, not by institution.
 */
export async function passwordExpiryReport(actor: Actor, query: { institutionCode?: string }, deps: ReportDeps, requestId: string) {
  const institutionCode = await reportTarget(actor, query.institutionCode, 'password-expiry', deps, requestId);
  const now = deps.clock.now();
  const week = isoWeekOf(now);
  const [closed, institutionMailboxes, reopenedThisWeek, deploymentDueWithin7Days] = await Promise.all([
    institutionCode ? deps.progress(institutionCode).then((c) => c.expired) : deps.deploymentClosed(),
    institutionCode ? deps.mailboxProgress(institutionCode).then(mailboxFigures) : Promise.resolve(null),
    deps.reopened(institutionCode, week),
    deps.deadlinesWithin7Days(now),
  ]);
  return { institutionCode, asOf: now.toISOString(), week, closed, institutionMailboxes, reopenedThisWeek, deploymentDueWithin7Days };
}

/** Beside the staff: the institution's mailboxes open (first password sent, or in use) and closed by a deadline. */
function mailboxFigures(c: ProgressCounts) {
  return { open: c.accountCreated + c.notified + c.activated, closed: c.expired };
}
