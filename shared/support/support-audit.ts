import type { AuditEntry, AuditLog } from '../audit/audit-log';
import { type Actor, type InstitutionRegions, mayActOnInstitutionIn } from '../auth/scope';
import type { Clock } from '../clock';
import { DomainError, ForbiddenError } from '../errors';

/** What every support use case needs to decide scope and leave a trace. */
export interface SupportContext {
  audit: AuditLog;
  regions: InstitutionRegions;
  clock: Clock;
}

/** One support action, as audited: the agent (sub, role), the request, and the why when given. */
export interface SupportAction {
  action: string;
  target: string;
  institution: string;
  requestId: string;
  reason?: string;
}

/** The role an action is recorded under: operators may use the support routes too. */
export const supportRole = (actor: Actor) => (actor.roles.includes('operator') ? 'operator' : 'support');

export function auditSupport(
  actor: Actor,
  act: SupportAction,
  ctx: SupportContext,
  outcome: AuditEntry['outcome'] = 'success',
  details?: AuditEntry['details'],
) {
  return ctx.audit.record({
    actor: actor.sub,
    role: supportRole(actor),
    action: act.action,
    target: act.target,
    institution: act.institution,
    at: ctx.clock.now(),
    requestId: act.requestId,
    outcome,
    ...(act.reason && { reason: act.reason }),
    ...(details && { details }),
  });
}

/**
 * The agent must reach the target's institution (deployment-wide, or its region); a refusal is
 * audited as `refused` before the 403, so out-of-scope attempts leave a trace.
 */
export async function authorizeSupport(actor: Actor, act: SupportAction, ctx: SupportContext): Promise<void> {
  if (await mayActOnInstitutionIn(actor, act.institution, ctx.regions)) return;
  await auditSupport(actor, act, ctx, 'refused', { why: 'institution_out_of_scope' });
  throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
}

/** Write actions need a reason text (the circular: every support action says why). */
export function requireReason(reason: string | undefined): string {
  const text = reason?.trim();
  if (!text) throw new DomainError(400, 'reason_required', 'Say why (reason) for this support action', 'body.reason');
  return text;
}
