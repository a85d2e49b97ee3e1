import type { Actor } from '../auth/scope';
import type { ProgressCounts } from '../progress/progress-counters';
import { auditSupport, authorizeSupport, type SupportContext } from './support-audit';

export interface ReportDeps extends SupportContext {
  /** The institution's progress counters: one read, never a scan. */
  progressOf(institutionCode: string): Promise<ProgressCounts>;
}

export async function progressReport(institutionCode: string, actor: Actor, deps: ReportDeps, requestId: string) {
  const act = { action: 'support.report-viewed', target: `INSTITUTION#${institutionCode}`, institution: institutionCode, requestId };
  await authorizeSupport(actor, act, deps);
  const counts = await deps.progressOf(institutionCode);
  await auditSupport(actor, act, deps, 'success', { report: 'progress' });
  return { institutionCode, counts };
}
