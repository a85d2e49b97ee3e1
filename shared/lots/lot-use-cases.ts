import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { MemberStore } from '../members/member-store';
import type { ProgressCounts } from '../progress/progress-counters';
import { outstanding } from './launch-lots';
import type { Lot, LotSelection } from './lot';
import type { LotStore } from './lot-store';
import { takeNextPending } from './take-next-pending';

export interface LotDeps {
  lots: LotStore;
  members: Pick<MemberStore, 'idsOfInstitution' | 'assignToLot' | 'poolPage'>;
  clock: Clock;
}

function assertFuture(launchAt: string, clock: Clock) {
  if (new Date(launchAt).getTime() <= clock.now().getTime()) {
    throw new ValidationError([{ field: 'body.launchAt', code: 'launch_in_past', message: 'launchAt must be in the future' }]);
  }
}

/** Explicit candidates of a selection (institutions, member ids), in a stable order. */
async function candidates(selection: Exclude<LotSelection, { kind: 'next-pending' }>, deps: LotDeps): Promise<Set<string>> {
  if (selection.kind === 'members') return new Set(selection.memberIds);
  return new Set((await Promise.all(selection.institutionCodes.map((code) => deps.members.idsOfInstitution(code)))).flat());
}

/**
 * Creates a lot and puts its members in it. A member belongs to one lot at most: members already
 * in a lot, or no longer pending, are skipped and not counted. `next-pending` takes the oldest
 * members of the pool instead, skipping those a concurrent lot took, until it has `count`.
 */
export async function createLot(
  input: { name: string; launchAt: string; selection: LotSelection },
  actor: Actor,
  deps: LotDeps,
): Promise<Lot> {
  assertFuture(input.launchAt, deps.clock);
  const lot: Lot = {
    lotId: randomUUID(),
    name: input.name,
    state: 'scheduled',
    launchAt: new Date(input.launchAt).toISOString(),
    selection: input.selection,
    memberCount: 0,
    enqueued: 0,
    released: 0,
    releasedAt: null,
    cursor: null,
    createdBy: actor.sub,
    createdAt: deps.clock.now().toISOString(),
    launchedAt: null,
  };
  await deps.lots.create(lot);
  let assigned = 0;
  if (input.selection.kind === 'next-pending') {
    assigned = await takeNextPending(lot.lotId, input.selection.count, deps.members);
  } else {
    // One after another: every assignment also adds to the lot's counter item, and parallel
    // transactions on one item conflict.
    for (const memberId of await candidates(input.selection, deps)) if (await deps.members.assignToLot(memberId, lot.lotId)) assigned++;
  }
  await deps.lots.transition(lot.lotId, ['scheduled'], 'scheduled', { memberCount: assigned });
  return { ...lot, memberCount: assigned };
}

export async function getLot(lotId: string, lots: LotStore): Promise<Lot> {
  const lot = await lots.get(lotId);
  if (!lot) throw new NotFoundError('The lot', 'lot_not_found');
  return lot;
}

/** Only a lot that has not started launching can move. */
export async function rescheduleLot(lotId: string, launchAt: string, deps: Pick<LotDeps, 'lots' | 'clock'>): Promise<Lot> {
  assertFuture(launchAt, deps.clock);
  await getLot(lotId, deps.lots);
  if (!(await deps.lots.transition(lotId, ['scheduled'], 'scheduled', { launchAt: new Date(launchAt).toISOString() }))) {
    throw new ConflictError('The lot has already launched or was cancelled', 'lot_not_scheduled');
  }
  return getLot(lotId, deps.lots);
}

/**
 * Cancels a lot that has not launched. Its members are not released here (a lot may be large):
 * the cancelled lot waits in the launcher's `LOTS#releasing` index, and the launcher gives its
 * members back to the pool in waves (`released` counts them).
 */
export async function cancelLot(lotId: string, deps: Pick<LotDeps, 'lots'>): Promise<Lot> {
  await getLot(lotId, deps.lots);
  if (!(await deps.lots.transition(lotId, ['scheduled'], 'cancelled'))) {
    throw new ConflictError('The lot has already launched or was cancelled', 'lot_not_scheduled');
  }
  return getLot(lotId, deps.lots);
}

export interface ResumeLotDeps {
  lots: LotStore;
  progress(lotId: string): Promise<ProgressCounts>;
  audit: AuditLog;
  clock: Clock;
  requestId: string;
}

/**
 * An operator's "carry on" for a lot whose launch stalled (members left pending or
 * account-created, e.g. after their messages dead-lettered and before the redrive): the launcher
 * walks the lot's members again from the start at the profile's pace; those already done are
 * skipped by the consumer (one read each), the others are provisioned. A lot `launched` before
 * this rule existed and still missing members is put back to `launching`.
 */
export async function resumeLot(lotId: string, actor: Actor, deps: ResumeLotDeps) {
  const lot = await getLot(lotId, deps.lots);
  if (lot.state !== 'launching' && lot.state !== 'launched') {
    throw new ConflictError(`Only a launching lot can be resumed; this one is ${lot.state}`, 'lot_not_resumable');
  }
  const before = await deps.progress(lotId);
  if (lot.state === 'launched' && outstanding(before) === 0) {
    throw new ConflictError('Every member of this lot has reached a terminal launch state', 'lot_complete');
  }
  const now = deps.clock.now();
  if (
    !(await deps.lots.transition(lotId, [lot.state], 'launching', { cursor: null, enqueued: 0, allEnqueuedAt: null, completedAt: null }))
  ) {
    throw new ConflictError('The lot changed meanwhile: try again', 'lot_changed');
  }
  await deps.audit.record({
    actor: actor.sub,
    role: actor.roles.join(','),
    action: 'lot.resumed',
    target: lotId,
    institution: 'none',
    at: now,
    requestId: deps.requestId,
    outcome: 'success',
    details: { from: lot.state, pending: before.pending, accountCreated: before.accountCreated },
  });
  return { ...(await getLot(lotId, deps.lots)), progress: before };
}
