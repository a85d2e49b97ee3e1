import type { AuditLog } from '../audit/audit-log';
import { assertPhoneSettled } from '../credentials/channel-change';
import { type CredentialDeps, issueTemporaryPassword } from '../credentials/issue-temporary-password';
import { deadlineKeys, nextDeadline } from '../deadlines/next-deadline';
import type { EmailMessage } from '../email/email-message';
import { ConflictError, NotFoundError } from '../errors';
import { formatInstant } from '../i18n/dates';
import type { AccountControl } from '../identity/cognito-directory';
import { accountDetails, holderMissing, withHolder } from '../institution-mailboxes/institution-mailbox';
import { logger } from '../logger';
import type { Member, MemberState } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { noticeAddress } from '../members/notice-address';
import { counterOf, progressScopeOf } from '../members/state-counter';
import type { Profile } from '../profiles';
import type { ProgressDelta } from '../progress/progress-counters';
import type { ReopenCounter } from '../reports/password-expiry-stats';

/** What a reset needs; the credential step's own deps (directory, sms, failures, clock) included. */
export interface ResetDeps extends CredentialDeps {
  members: Pick<MemberStore, 'get' | 'advance'>;
  accounts: Pick<AccountControl, 'enableUser' | 'userStatus' | 'signOutEverywhere'>;
  enqueueEmail(message: EmailMessage): Promise<void>;
  audit: AuditLog;
  profile: Profile;
  /** Counts a closed account reopened, for the password-expiry report (never throws). */
  countReopened?: ReopenCounter;
}

/** Who resets: an officer (through a filed request) or a support agent (with a reason). */
export interface ResetActor {
  sub: string;
  role: string;
}

export interface ResetContext {
  /** The HTTP request id, for the audit record. */
  requestId: string;
  /** The delegated reset request consumed, if any (also the email's business key). */
  resetRequestId?: string;
  /** Free text the support desk records with each action; kept in the audit record's `reason`. */
  reason?: string;
  /**
   * The audit action: a reset the institution decided on a signed form (`password.reset-by-institution`,
   * the default) or one the support desk made on a call (`password.reset-by-support`).
   */
  action?: ResetAction;
}

export type ResetAction = 'password.reset-by-institution' | 'password.reset-by-support';

export interface ResetResult {
  memberId: string;
  setAt: string;
  /** SNS took the SMS; false: the phone on record was refused (recorded against the member). */
  smsDelivered: boolean;
  /** The Cognito user was disabled (closed account) and has been enabled. */
  reopened: boolean;
  state: MemberState;
}

/**
 * States a reset may start from: the member has an account (live or closed by a deadline).
 * Not `pending` (no account yet), not `activation-expired` (activation profiles: no account was
 * ever made), and `account-created` only once activation finished (during a lot's launch it means
 * the launch is issuing the first password right now).
 */
export const RESETTABLE: readonly MemberState[] = ['notified', 'activated', 'expired', 'temp-password-expired', 'password-expired'];

const resettable = (member: Pick<Member, 'state' | 'activationCompletedAt'>) =>
  RESETTABLE.includes(member.state) || (member.state === 'account-created' && member.activationCompletedAt !== undefined);

/**
 * Where a reset leaves the member: `activated` if they ever signed in, else `account-created` if
 * they activated (activation profiles) and `notified` otherwise. All are live states in which a temporary password is pending (`temporaryPasswordSetAt` after
 * `passwordChangedAt`): the pre-authentication trigger then applies the temporary-password deadline,
 * and the first sign-in records the chosen password (and, from `notified`, activates).
 */
export const stateAfterReset = (member: Pick<Member, 'activatedAt' | 'activationCompletedAt'>): MemberState =>
  member.activatedAt ? 'activated' : member.activationCompletedAt ? 'account-created' : 'notified';

export class ResetNotPossibleError extends ConflictError {}

/**
 * Step 1, read-only: the member exists and has an account a reset can act on, and its phone is
 * not held after a recent change. Throws a 404 or a 409 (`member_not_resettable`, `no_account`,
 * `channel_recently_changed` with `clearsAt`) without having changed anything, so callers may
 * release whatever they claimed.
 */
export async function prepareReset(memberId: string, deps: Pick<ResetDeps, 'members' | 'accounts' | 'clock' | 'profile'>): Promise<Member> {
  const found = await deps.members.get(memberId);
  if (!found) throw new NotFoundError('The member', 'member_not_found');
  if (!resettable(found)) {
    throw new ResetNotPossibleError(`A member in state ${found.state} has no password to reset`, 'member_not_resettable');
  }
  // An institution mailbox's password goes to its responsible person: read now, and still theirs to receive.
  const member = await withHolder(found, deps.members);
  if (holderMissing(member)) {
    throw new ResetNotPossibleError(
      'The person responsible for this mailbox is no longer a staff member of its institution: change the responsible person first',
      'responsible_unavailable',
    );
  }
  assertPhoneSettled(member, deps.clock.now(), deps.profile);
  const account = await deps.accounts.userStatus(member.address);
  if (!account) throw new ResetNotPossibleError('The member has no sign-in account', 'no_account');
  return member;
}

/**
 * Step 1 of a decided reset, after `prepareReset`: ends every session of the account, so
 * whoever holds one (perhaps the reason for the reset) is out before a new password exists.
 * Changes nothing in Posta: on a failure here callers may still release what they claimed.
 */
export async function prepareDecidedReset(
  memberId: string,
  deps: Pick<ResetDeps, 'members' | 'accounts' | 'clock' | 'profile'>,
): Promise<Member> {
  const member = await prepareReset(memberId, deps);
  await deps.accounts.signOutEverywhere(member.address);
  return member;
}

/**
 * The `password-reset-done` template's facts: never the password, only the phone's last 3 digits.
 * `smsRefused`: SNS refused the number, so the email says the password did not arrive (issue #17).
 */
export function resetDoneData(member: Member, at: Date, profile: Profile, smsRefused = false) {
  return {
    givenName: member.givenName,
    login: member.address,
    resetAt: formatInstant(at, member.locale, profile.timeZone),
    phoneLast3: member.phone.slice(-3),
    webmailUrl: profile.webmailUrl,
    tempPasswordDays: profile.temporaryPasswordDeadlineDays,
    helpdeskEmail: profile.helpdesk.email,
    helpdeskPhone: profile.helpdesk.phone,
    helpdeskHours: profile.helpdesk.hours,
    smsRefused,
  };
}

function moveCounts(from: MemberState, to: MemberState): ProgressDelta {
  const [a, b] = [counterOf(from), counterOf(to)];
  if (a === b) return {};
  return { ...(a && { [a]: -1 }), ...(b && { [b]: 1 }) };
}

/** A concurrent writer (a sweep, a sign-in) may move the member between read and write: read again. */
const RECORD_ATTEMPTS = 3;

/**
 * Step 2, the credential: enables a closed Cognito user, issues a temporary password through the
 * one credential path (set in Cognito, SMSed to the phone on record, never returned or stored),
 * puts the member back in a live state with `temporaryPasswordSetAt` and its next deadline (the
 * temporary-password one), moves the progress counters, tells the member by email (to an address
 * outside the mailbox) and writes one audit record. Callers guarantee it runs once per request.
 */
export async function completeReset(member: Member, actor: ResetActor, deps: ResetDeps, context: ResetContext): Promise<ResetResult> {
  const account = await deps.accounts.userStatus(member.address);
  const reopened = account !== null && !account.enabled;
  if (reopened) await deps.accounts.enableUser(member.address);
  const { setAt, smsRejected } = await issueTemporaryPassword(member, deps);

  let current: Member | null = member;
  let to: MemberState = stateAfterReset(member);
  for (let attempt = 1; current; attempt++) {
    to = stateAfterReset(current);
    const facts = { ...current, state: to, temporaryPasswordSetAt: setAt, passwordWarningsSent: [] };
    const keys = deadlineKeys(current.memberId, nextDeadline(facts, deps.profile));
    const wrote = await deps.members.advance(
      current.memberId,
      [current.state],
      { state: to, temporaryPasswordSetAt: setAt, updatedAt: setAt, ...keys },
      { scope: progressScopeOf(current), delta: moveCounts(current.state, to) },
      keys ? ['passwordWarningsSent'] : ['passwordWarningsSent', 'deadlinePk', 'deadlineSk'],
    );
    if (wrote) {
      if (counterOf(current.state) === 'expired') await deps.countReopened?.(current.institutionCode, new Date(setAt));
      break;
    }
    if (attempt >= RECORD_ATTEMPTS) throw new Error('the member kept changing while its reset was recorded');
    current = await deps.members.get(member.memberId);
  }

  const at = new Date(setAt);
  const mailTo = noticeAddress(member);
  if (mailTo) {
    await deps.enqueueEmail({
      key: `password-reset-done#${member.memberId}#${context.resetRequestId ?? context.requestId}`,
      template: 'password-reset-done',
      locale: member.locale,
      to: mailTo,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: resetDoneData(member, at, deps.profile, smsRejected),
    });
  } else {
    logger.info('no email address on record: the member is not told of the reset by email', { memberId: member.memberId });
  }
  await deps.audit.record({
    actor: actor.sub,
    role: actor.role,
    action: context.action ?? 'password.reset-by-institution',
    target: member.memberId,
    institution: member.institutionCode,
    at,
    requestId: context.requestId,
    outcome: 'success',
    ...(context.reason && { reason: context.reason }),
    details: {
      ...(context.resetRequestId && { resetRequestId: context.resetRequestId }),
      from: member.state,
      to,
      reopened,
      smsDelivered: !smsRejected,
      notifiedByEmail: Boolean(mailTo),
      ...accountDetails(member),
    },
  });
  return { memberId: member.memberId, setAt, smsDelivered: !smsRejected, reopened, state: to };
}

/**
 * Reset and send a password (delegated reset, support desk): `prepareDecidedReset` then `completeReset`.
 * The caller must make sure it runs once per decision — a delegated reset claims its request
 * first (reset-use-cases.ts); the support desk should do the same with its own record.
 */
export async function resetAndSendPassword(
  memberId: string,
  actor: ResetActor,
  deps: ResetDeps,
  context: ResetContext,
): Promise<ResetResult> {
  return completeReset(await prepareDecidedReset(memberId, deps), actor, deps, context);
}
