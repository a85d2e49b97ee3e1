import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import { type Actor, assertInstitution } from '../auth/scope';
import { addDays, type Clock } from '../clock';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { smsText } from '../i18n/sms-texts';
import { logger, maskPhone } from '../logger';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { completeReset, prepareDecidedReset, type ResetDeps } from '../resets/reset-password';
import { approvalDeadline, RESET_APPROVAL_DAYS } from '../resets/reset-request';
import type { SmsSender } from '../sms/send-sms';
import { canBeResponsible, isInstitutionMailbox } from './institution-mailbox';
import type { InstitutionMailboxStore } from './institution-mailbox-store';
import { responsibleProblem } from './institution-mailbox-use-cases';
import { isChangeOverdue, type ResponsibleChange, type ResponsibleChangeState, responsibleChangeView } from './responsible-change';
import type { ResponsibleChangeStore } from './responsible-change-store';

export interface ResponsibleChangeDeps {
  changes: ResponsibleChangeStore;
  mailboxes: Pick<InstitutionMailboxStore, 'get'>;
  members: Pick<MemberStore, 'get'>;
  /** Tells the new responsible person, on approval (no secret in it). */
  sms: SmsSender;
  /** The approval resets the mailbox's password to the new person (the reset path delegated resets use). */
  reset: ResetDeps;
  audit: AuditLog;
  clock: Clock;
  newId?: () => string;
}

const roleOf = (actor: Actor) => actor.roles.join(',') || 'unknown';

async function audit(
  deps: Pick<ResponsibleChangeDeps, 'audit' | 'clock'>,
  actor: Actor,
  action: string,
  change: ResponsibleChange,
  requestId: string,
  outcome: 'success' | 'refused' = 'success',
  reason?: string,
) {
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action,
    target: change.changeId,
    institution: change.institutionCode,
    at: deps.clock.now(),
    requestId,
    outcome,
    ...(reason && { reason }),
    // Ids only: the officer's reason stays on the request.
    details: {
      mailboxId: change.mailboxId,
      fromMemberId: change.fromMemberId,
      toMemberId: change.toMemberId,
      account: 'institution-mailbox',
    },
  });
}

/**
 * An officer of the mailbox's institution (or an operator) asks for another responsible person: a
 * staff member of the same institution (400 `responsible_not_member` otherwise, the same answer for
 * an unknown person and another institution's). Nothing moves until someone else approves.
 */
export async function fileResponsibleChange(
  mailboxId: string,
  body: { responsibleMemberId: string; reason: string },
  actor: Actor,
  deps: ResponsibleChangeDeps,
  requestId: string,
) {
  const mailbox = await deps.mailboxes.get(mailboxId);
  if (!mailbox) throw new NotFoundError('The institution mailbox', 'institution_mailbox_not_found');
  assertInstitution(actor, mailbox.institutionCode);
  if (body.responsibleMemberId === mailbox.responsibleMemberId) {
    throw new ConflictError('This person is already responsible for the mailbox', 'already_responsible', 'body.responsibleMemberId');
  }
  if (!canBeResponsible(await deps.members.get(body.responsibleMemberId), mailbox.institutionCode)) {
    throw new ValidationError([responsibleProblem('body.responsibleMemberId')]);
  }
  const now = deps.clock.now();
  const change: ResponsibleChange = {
    changeId: deps.newId?.() ?? randomUUID(),
    state: 'awaiting-approval',
    mailboxId: mailbox.memberId,
    address: mailbox.address,
    institutionCode: mailbox.institutionCode,
    fromMemberId: mailbox.responsibleMemberId,
    toMemberId: body.responsibleMemberId,
    reason: body.reason,
    filedBy: actor.sub,
    filedAt: now.toISOString(),
    approveBy: approvalDeadline(now),
    decidedBy: null,
    decidedAt: null,
    rejection: null,
  };
  await deps.changes.create(change);
  await audit(deps, actor, 'institution-mailbox.responsible-change-filed', change, requestId);
  return responsibleChangeView(change);
}

/** A request past its window expires when it is next read (conditional: a racing decision lands first or finds it expired). */
async function settle(change: ResponsibleChange, deps: ResponsibleChangeDeps): Promise<ResponsibleChange> {
  if (!isChangeOverdue(change, deps.clock.now())) return change;
  await deps.changes.close(change, 'expired');
  return (await deps.changes.get(change.changeId)) ?? change;
}

async function load(changeId: string, deps: ResponsibleChangeDeps) {
  const change = await deps.changes.get(changeId);
  if (!change) throw new NotFoundError('The responsible-person change', 'responsible_change_not_found');
  return settle(change, deps);
}

const notDecidable = (c: ResponsibleChange) =>
  c.state === 'expired'
    ? new ConflictError(`The request was not approved within ${RESET_APPROVAL_DAYS} days and has expired`, 'request_expired')
    : new ConflictError('This request has already been decided', 'already_decided');

/** Someone who reaches the institution, not the one who filed it (refusals audited in the institution's trail). */
async function assertDecider(change: ResponsibleChange, actor: Actor, attempt: string, deps: ResponsibleChangeDeps, requestId: string) {
  assertInstitution(actor, change.institutionCode);
  if (actor.sub === change.filedBy) {
    await audit(deps, actor, attempt, change, requestId, 'refused', 'same_person');
    throw new ForbiddenError('Whoever filed a change cannot approve or reject it', 'same_person');
  }
  if (change.state !== 'awaiting-approval') throw notDecidable(change);
}

/**
 * Approves and applies the change in one transaction (the request `done`, the mailbox's responsible
 * person moved only if it is still the one the request replaces), tells the new person by SMS, and
 * resets the mailbox's password to them: the former responsible person knew it, and nobody but the
 * responsible person may (the approval is the institution's decision, as a signed reset form is).
 * A retry, or a second approver, finds it decided (409) and sends nothing.
 */
export async function approveResponsibleChange(changeId: string, actor: Actor, deps: ResponsibleChangeDeps, requestId: string) {
  const change = await load(changeId, deps);
  await assertDecider(change, actor, 'institution-mailbox.responsible-change-approve', deps, requestId);
  const person = await deps.members.get(change.toMemberId);
  if (!canBeResponsible(person, change.institutionCode)) {
    throw new ConflictError('The person asked for is no longer a staff member of the institution', 'responsible_not_member');
  }
  const decided = { decidedBy: actor.sub, decidedAt: deps.clock.now().toISOString() };
  const outcome = await deps.changes.apply(change, decided);
  if (outcome === 'decided') throw notDecidable((await deps.changes.get(changeId)) ?? change);
  if (outcome === 'responsible_changed') {
    throw new ConflictError('The mailbox’s responsible person changed since this request was filed: reject it', 'responsible_changed');
  }
  const done: ResponsibleChange = { ...change, ...decided, state: 'done' };
  await audit(deps, actor, 'institution-mailbox.responsible-changed', done, requestId);
  try {
    await deps.sms.send(person.phone, smsText('mailbox-responsible', person.locale, { login: change.address }), change.institutionCode);
  } catch (error) {
    // The change stands: the password below, and every later one, goes to this phone whatever happened to this notice.
    logger.warn('responsible-person notice not sent', { changeId, error: (error as Error).name });
  }
  return { ...responsibleChangeView(done), passwordReset: await resetForNewHolder(done, actor, deps, requestId) };
}

/**
 * The mailbox's new password, to the new responsible person by SMS (never shown, never stored).
 * When it cannot be reset now — the new person's phone changed recently (`channel_recently_changed`),
 * the mailbox has no live account, an outage — the change still stands, the failure is audited,
 * and the answer says so: an officer then files a reset request, which goes to the new person.
 * The approval happens once (the transaction above), so this runs at most once per change.
 */
async function resetForNewHolder(change: ResponsibleChange, actor: Actor, deps: ResponsibleChangeDeps, requestId: string) {
  try {
    const account = await prepareDecidedReset(change.mailboxId, deps.reset);
    const result = await completeReset(account, { sub: actor.sub, role: roleOf(actor) }, deps.reset, {
      requestId,
      resetRequestId: change.changeId,
    });
    return { done: true, smsDelivered: result.smsDelivered, problem: null };
  } catch (error) {
    const problem = error instanceof DomainError ? error.code : 'internal';
    logger.warn('institution mailbox password not reset after its change of responsible person', { changeId: change.changeId, problem });
    await deps.audit.record({
      actor: actor.sub,
      role: roleOf(actor),
      action: 'institution-mailbox.responsible-change-reset',
      target: change.changeId,
      institution: change.institutionCode,
      at: deps.clock.now(),
      requestId,
      outcome: 'failed',
      reason: problem,
      details: { mailboxId: change.mailboxId, toMemberId: change.toMemberId, account: 'institution-mailbox' },
    });
    return { done: false, smsDelivered: false, problem };
  }
}

/** Rejects with a reason (kept on the request). */
export async function rejectResponsibleChange(
  changeId: string,
  reason: string,
  actor: Actor,
  deps: ResponsibleChangeDeps,
  requestId: string,
) {
  const change = await load(changeId, deps);
  await assertDecider(change, actor, 'institution-mailbox.responsible-change-reject', deps, requestId);
  const decided = { decidedBy: actor.sub, decidedAt: deps.clock.now().toISOString(), rejection: reason };
  if (!(await deps.changes.close(change, 'rejected', decided))) throw notDecidable((await deps.changes.get(changeId)) ?? change);
  const rejected: ResponsibleChange = { ...change, ...decided, state: 'rejected' };
  await audit(deps, actor, 'institution-mailbox.responsible-change-rejected', rejected, requestId);
  return responsibleChangeView(rejected);
}

/** An institution's requests in one state, oldest first; overdue ones expire first (a range read, never a scan). */
export async function listResponsibleChanges(
  institutionCode: string,
  query: { state: ResponsibleChangeState; limit: number; cursor?: string },
  actor: Actor,
  deps: ResponsibleChangeDeps,
) {
  assertInstitution(actor, institutionCode);
  const cutoff = addDays(deps.clock.now(), -RESET_APPROVAL_DAYS).toISOString();
  for (const overdue of await deps.changes.awaitingSince(institutionCode, cutoff)) await settle(overdue, deps);
  const page = await deps.changes.list(institutionCode, query.state, query.limit, query.cursor);
  // Who is who, for whoever decides: each person read once, now (a name corrected since counts).
  const ids = [...new Set(page.items.flatMap((c) => [c.fromMemberId, c.toMemberId]))];
  const people = new Map(await Promise.all(ids.map(async (id) => [id, await deps.members.get(id)] as const)));
  return {
    items: page.items.map((c) => ({
      ...responsibleChangeView(c),
      ...personOf('from', people.get(c.fromMemberId) ?? null, c.institutionCode),
      ...personOf('to', people.get(c.toMemberId) ?? null, c.institutionCode),
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * A person of the change as the listing names them: their name and masked phone while they are a
 * staff member of the institution (a person who left, or was never one, is only their id), as the
 * mailbox's own view names its responsible person.
 */
const personOf = (key: 'from' | 'to', person: Member | null, institutionCode: string) =>
  person && !isInstitutionMailbox(person) && person.institutionCode === institutionCode
    ? { [key]: { givenName: person.givenName, familyName: person.familyName, phone: maskPhone(person.phone) } }
    : {};
