import { randomUUID } from 'node:crypto';
import { type Actor, institutionsOf, mayActOnInstitution } from '../auth/scope';
import { addDays } from '../clock';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { isInstitutionMailbox } from '../institution-mailboxes/institution-mailbox';
import { completeReset, prepareDecidedReset, prepareReset, type ResetDeps } from './reset-password';
import {
  approvalDeadline,
  isInterrupted,
  isOverdue,
  RESET_APPROVAL_DAYS,
  type ResetForm,
  type ResetRequest,
  type ResetRequestState,
} from './reset-request';
import type { ResetRequestStore } from './reset-request-store';

export interface ResetRequestDeps extends ResetDeps {
  requests: ResetRequestStore;
  newId?: () => string;
}

/** The request as officers and approvers see it: the form and the outcome, never a password. */
export function resetRequestView(r: ResetRequest) {
  return {
    requestId: r.requestId,
    state: r.state,
    memberId: r.memberId,
    account: r.account ?? 'staff',
    address: r.address,
    institutionCode: r.institutionCode,
    approval: r.approval,
    form: r.form,
    filedBy: r.filedBy,
    filedAt: r.filedAt,
    approveBy: r.approveBy,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    reason: r.reason,
    completedAt: r.completedAt,
    smsDelivered: r.smsDelivered,
  };
}

/** What the caller tried, for the audit record of a refusal. */
export type Attempt =
  | 'reset-request.file'
  | 'reset-request.approve'
  | 'reset-request.reject'
  | 'reset-request.read'
  | 'reset-request.list'
  | 'reset-request.form-scan.upload'
  | 'reset-request.form-scan.view';

const roleOf = (actor: Actor) =>
  (['officer', 'approver', 'operator'] as const).find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'unknown';

/**
 * Refuses (403) and audits the refusal in the institution that was targeted, so its trail shows
 * every attempt on its staff. The caller's own institution goes into the details.
 */
export async function refuse(
  deps: Pick<ResetRequestDeps, 'audit' | 'clock'>,
  actor: Actor,
  attempt: Attempt,
  target: { id: string; institution: string },
  httpRequestId: string,
  error: ForbiddenError,
): Promise<never> {
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action: attempt,
    target: target.id,
    institution: target.institution,
    at: deps.clock.now(),
    requestId: httpRequestId,
    outcome: 'refused',
    reason: error.code,
    details: { actorInstitution: institutionsOf(actor).join(',') || 'none' },
  });
  throw error;
}

export const outOfScope = () => new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');

// Scope is the policy's (`mayActOnInstitution`, for the route called): the catalog admits only
// officers to file and approvers to decide — the institution's own people by definition — and
// operators only to read.

export async function auditStep(
  deps: Pick<ResetRequestDeps, 'audit'>,
  actor: Actor,
  action: string,
  request: ResetRequest,
  at: Date,
  httpRequestId: string,
  details: Record<string, string | boolean> = {},
) {
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action,
    target: request.requestId,
    institution: request.institutionCode,
    at,
    requestId: httpRequestId,
    outcome: 'success',
    // The form's number identifies the paper in the archive; names and titles stay on the request.
    details: {
      memberId: request.memberId,
      formNumber: request.form.number,
      ...(request.account && { account: request.account }),
      ...details,
    },
  });
}

/**
 * Claims an approved request (`approved → consuming`, one conditional write: exactly one caller
 * gets past it), resets the member's password and closes the request. If the member cannot be
 * reset (state, no account) or an outage strikes before any password is set, the request goes
 * back to `approved`; a failure after the password step marks it `failed` (a new form is needed).
 */
async function consume(request: ResetRequest, actor: Actor, deps: ResetRequestDeps, httpRequestId: string): Promise<ResetRequest> {
  if (!(await deps.requests.move(request, ['approved'], 'consuming', { claimedAt: deps.clock.now().toISOString() }))) {
    throw new ConflictError('This request has already been used or decided', 'already_consumed');
  }
  const claimed: ResetRequest = { ...request, state: 'consuming' };
  let member: Awaited<ReturnType<typeof prepareReset>>;
  try {
    member = await prepareDecidedReset(request.memberId, deps);
  } catch (error) {
    await deps.requests.move(claimed, ['consuming'], 'approved');
    throw error;
  }
  let result: Awaited<ReturnType<typeof completeReset>>;
  try {
    result = await completeReset(member, { sub: actor.sub, role: roleOf(actor) }, deps, {
      requestId: httpRequestId,
      resetRequestId: request.requestId,
    });
  } catch (error) {
    await deps.requests.move(claimed, ['consuming'], 'failed', { completedAt: deps.clock.now().toISOString() });
    await deps.audit.record({
      actor: actor.sub,
      role: roleOf(actor),
      action: 'reset-request.consume',
      target: request.requestId,
      institution: request.institutionCode,
      at: deps.clock.now(),
      requestId: httpRequestId,
      outcome: 'failed',
      reason: error instanceof DomainError ? error.code : 'internal',
      details: { memberId: request.memberId },
    });
    throw error;
  }
  const done = { completedAt: result.setAt, smsDelivered: result.smsDelivered };
  await deps.requests.move(claimed, ['consuming'], 'done', done);
  return { ...claimed, ...done, state: 'done' };
}

/**
 * The officer files a reset for a member of their own institution, or for one of its institution
 * mailboxes (`mailboxId`: the password then goes to the mailbox's responsible person), with the
 * signed form's data. `recorded-form` profiles approve on filing and consume at once (201, state
 * `done`); `two-person` profiles leave it `awaiting-approval` for an approver. A form number is
 * filed once per institution: the same form again is 409 `form_already_filed`.
 */
export async function fileResetRequest(
  input: { memberId?: string; mailboxId?: string; form: ResetForm },
  actor: Actor,
  deps: ResetRequestDeps,
  httpRequestId: string,
) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: deps.profile.timeZone }).format(deps.clock.now());
  if (input.form.signedOn > today) {
    throw new ValidationError([
      { field: 'body.form.signedOn', code: 'date_in_future', message: 'The form cannot be signed in the future' },
    ]);
  }
  const forMailbox = input.mailboxId !== undefined;
  const member = await deps.members.get(input.mailboxId ?? input.memberId ?? '');
  // A member's id names a member, a mailbox's id a mailbox: never the one for the other.
  if (!member || isInstitutionMailbox(member) !== forMailbox) {
    throw forMailbox
      ? new NotFoundError('The institution mailbox', 'institution_mailbox_not_found')
      : new NotFoundError('The member', 'member_not_found');
  }
  if (!mayActOnInstitution(actor, member.institutionCode)) {
    await refuse(
      deps,
      actor,
      'reset-request.file',
      { id: member.memberId, institution: member.institutionCode },
      httpRequestId,
      outOfScope(),
    );
  }
  // Checked before anything is filed, so an impossible reset leaves no request behind.
  await prepareReset(member.memberId, deps);

  const now = deps.clock.now();
  const twoPerson = deps.profile.resetApproval === 'two-person';
  const request: ResetRequest = {
    requestId: deps.newId?.() ?? randomUUID(),
    state: twoPerson ? 'awaiting-approval' : 'approved',
    memberId: member.memberId,
    ...(forMailbox && { account: 'institution-mailbox' as const }),
    address: member.address,
    institutionCode: member.institutionCode,
    form: input.form,
    approval: deps.profile.resetApproval,
    filedBy: actor.sub,
    filedAt: now.toISOString(),
    approveBy: twoPerson ? approvalDeadline(now) : null,
    // The recorded form is the approval: its approver is on paper, the officer recorded it.
    decidedBy: twoPerson ? null : actor.sub,
    decidedAt: twoPerson ? null : now.toISOString(),
    reason: null,
    completedAt: null,
    smsDelivered: null,
  };
  if (!(await deps.requests.create(request))) {
    throw new ConflictError('This form number has already been filed for your institution', 'form_already_filed', 'body.form.number');
  }
  await auditStep(deps, actor, 'reset-request.filed', request, now, httpRequestId, { approval: request.approval });
  if (twoPerson) return resetRequestView(request);
  return resetRequestView(await consume(request, actor, deps, httpRequestId));
}

/**
 * Settles a request lazily, when it is read or listed: a two-person request past its window
 * moves to `expired`, an interrupted claim to `failed` (both conditional, so a racing approval or
 * a claim finishing after all either lands first or finds the request settled).
 */
async function settleIfStale(
  request: ResetRequest,
  deps: Pick<ResetRequestDeps, 'requests' | 'audit' | 'clock'>,
  httpRequestId: string,
): Promise<ResetRequest> {
  const now = deps.clock.now();
  if (isOverdue(request, now)) {
    await deps.requests.move(request, ['awaiting-approval'], 'expired');
  } else if (isInterrupted(request, now)) {
    const settled = { completedAt: now.toISOString(), reason: 'interrupted' };
    if (await deps.requests.move(request, ['consuming'], 'failed', settled)) {
      await deps.audit.record({
        actor: 'posta',
        role: 'system',
        action: 'reset-request.interrupted',
        target: request.requestId,
        institution: request.institutionCode,
        at: now,
        requestId: httpRequestId,
        outcome: 'failed',
        reason: 'claim_not_finished',
        details: { memberId: request.memberId, claimedAt: request.claimedAt ?? '' },
      });
    }
  } else {
    return request;
  }
  return (await deps.requests.get(request.requestId)) ?? request;
}

/** The request, settled if stale (expired, interrupted); 404 `reset_request_not_found`. */
export async function loadResetRequest(
  requestId: string,
  deps: Pick<ResetRequestDeps, 'requests' | 'audit' | 'clock'>,
  httpRequestId: string,
): Promise<ResetRequest> {
  const request = await deps.requests.get(requestId);
  if (!request) throw new NotFoundError('The reset request', 'reset_request_not_found');
  return settleIfStale(request, deps, httpRequestId);
}

const notDecidable = (r: ResetRequest) =>
  r.state === 'expired'
    ? new ConflictError(`The request was not approved within ${RESET_APPROVAL_DAYS} days and has expired`, 'request_expired')
    : new ConflictError('This request has already been decided', 'already_decided');

/** An approver of the same institution, not the officer who filed it. */
async function assertApprover(request: ResetRequest, actor: Actor, attempt: Attempt, deps: ResetRequestDeps, httpRequestId: string) {
  const target = { id: request.requestId, institution: request.institutionCode };
  if (!mayActOnInstitution(actor, request.institutionCode)) await refuse(deps, actor, attempt, target, httpRequestId, outOfScope());
  if (actor.sub === request.filedBy) {
    await refuse(
      deps,
      actor,
      attempt,
      target,
      httpRequestId,
      new ForbiddenError('The officer who filed a request cannot approve or reject it', 'same_person'),
    );
  }
}

/**
 * Two-person approval. Concurrent approvals (or a retry) all reach the claim in `consume`, which
 * only one passes: it gets 200 with the request `done`, the others 409. An approval that finds the
 * request `approved` (a previous attempt stopped before the claim) finishes it.
 */
export async function approveResetRequest(requestId: string, actor: Actor, deps: ResetRequestDeps, httpRequestId: string) {
  const request = await loadResetRequest(requestId, deps, httpRequestId);
  await assertApprover(request, actor, 'reset-request.approve', deps, httpRequestId);
  if (request.state !== 'awaiting-approval' && request.state !== 'approved') throw notDecidable(request);
  // The approver decides on the signed form: where the profile requires its scan, not without it.
  if (request.state === 'awaiting-approval' && deps.profile.resetFormScan === 'required' && !request.form.scan) {
    throw new ConflictError('The signed form’s scan must be uploaded before the request is approved', 'form_scan_required');
  }
  const now = deps.clock.now();
  let approved: ResetRequest = request;
  if (request.state === 'awaiting-approval') {
    const decided = { decidedBy: actor.sub, decidedAt: now.toISOString() };
    if (await deps.requests.move(request, ['awaiting-approval'], 'approved', decided)) {
      approved = { ...request, ...decided, state: 'approved' };
      await auditStep(deps, actor, 'reset-request.approved', approved, now, httpRequestId);
    } else {
      // Someone decided first: if it was an approval not yet consumed, the claim below settles who consumes.
      approved = (await deps.requests.get(requestId)) ?? request;
      if (approved.state !== 'approved') throw notDecidable(approved);
    }
  }
  return resetRequestView(await consume(approved, actor, deps, httpRequestId));
}

/** Two-person: the approver refuses the request, with a reason kept on the request (not in the audit). */
export async function rejectResetRequest(requestId: string, reason: string, actor: Actor, deps: ResetRequestDeps, httpRequestId: string) {
  const request = await loadResetRequest(requestId, deps, httpRequestId);
  await assertApprover(request, actor, 'reset-request.reject', deps, httpRequestId);
  const now = deps.clock.now();
  const decided = { decidedBy: actor.sub, decidedAt: now.toISOString(), reason };
  if (!(await deps.requests.move(request, ['awaiting-approval'], 'rejected', decided))) {
    throw notDecidable((await deps.requests.get(requestId)) ?? request);
  }
  const rejected: ResetRequest = { ...request, ...decided, state: 'rejected' };
  await auditStep(deps, actor, 'reset-request.rejected', rejected, now, httpRequestId);
  return resetRequestView(rejected);
}

/** One request: its officers and approvers, or an operator. */
export async function getResetRequest(requestId: string, actor: Actor, deps: ResetRequestDeps, httpRequestId: string) {
  const request = await loadResetRequest(requestId, deps, httpRequestId);
  if (!mayActOnInstitution(actor, request.institutionCode)) {
    await refuse(deps, actor, 'reset-request.read', { id: requestId, institution: request.institutionCode }, httpRequestId, outOfScope());
  }
  return resetRequestView(request);
}

/**
 * An institution's requests in one state, oldest first. Overdue two-person requests are expired
 * and interrupted claims failed first (range reads of the institution's oldest awaiting requests
 * and of its claims, never a scan), so every list is right without a job.
 */
export async function listResetRequests(
  institutionCode: string,
  query: { state: ResetRequestState; limit: number; cursor?: string },
  actor: Actor,
  deps: ResetRequestDeps,
  httpRequestId: string,
) {
  if (!mayActOnInstitution(actor, institutionCode)) {
    await refuse(deps, actor, 'reset-request.list', { id: institutionCode, institution: institutionCode }, httpRequestId, outOfScope());
  }
  const cutoff = addDays(deps.clock.now(), -RESET_APPROVAL_DAYS).toISOString();
  for (const overdue of await deps.requests.awaitingSince(institutionCode, cutoff)) await settleIfStale(overdue, deps, httpRequestId);
  for (const claim of await deps.requests.claimed(institutionCode)) await settleIfStale(claim, deps, httpRequestId);
  const page = await deps.requests.list(institutionCode, query.state, query.limit, query.cursor);
  return { items: page.items.map(resetRequestView), nextCursor: page.nextCursor };
}
