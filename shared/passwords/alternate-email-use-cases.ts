import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EmailCoder } from '../email/email-code';
import { ConflictError, DomainError, ForbiddenError, TooManyRequestsError } from '../errors';
import { formatInstant } from '../i18n/dates';
import type { Member, PendingAlternateEmail } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { checkOtp, issueOtp, type OtpHasher } from '../otp/otp';
import type { OtpStore } from '../otp/otp-store';
import { CODE_SEND_LIMIT, type RateLimiter } from '../otp/rate-limit';
import { checkAlternateEmail, maskEmail, resetCodesFrom } from './alternate-email';
import { type AlternateEmailChangeDeps, changeAlternateEmail } from './alternate-email-change';
import { helpdeskData } from './record-password-event';

/**
 * A signed-in staff member adds an alternate email, proves it with the code sent to it, or
 * removes it (shared/passwords/alternate-email.ts says what the address is for). Every step is
 * audited without the address or the code.
 */
export interface AlternateEmailDeps extends AlternateEmailChangeDeps {
  members: Pick<MemberStore, 'getByAddress'>;
  otps: OtpStore;
  limiter: RateLimiter;
  /** `(kind, value) → key`: keyed hash, so counters name no address. */
  rateKey(kind: string, value: string): string;
  hashOtp: OtpHasher;
  /** The code of an email, from its business key (the email consumer derives the same one). */
  emailCode: EmailCoder;
  audit: AuditLog;
  clock: Clock;
  newNonce?: () => string;
}

export interface Caller {
  sub: string;
  login: string;
}

/** One verification code per member at a time: a new one replaces the last. */
export const verificationSubject = (memberId: string) => `alternate-email:${memberId}`;

/** The staff member behind the caller (the policy admitted them as staff by this very record). */
async function memberOf(caller: Caller, deps: Pick<AlternateEmailDeps, 'members'>): Promise<Member> {
  const member = caller.login ? await deps.members.getByAddress(caller.login.toLowerCase()) : null;
  if (!member) throw new ForbiddenError('Only a staff member’s own account has an alternate email', 'not_staff');
  return member;
}

function audit(
  deps: AlternateEmailDeps,
  member: Member,
  caller: Caller,
  requestId: string,
  entry: Pick<AuditEntry, 'action' | 'outcome'> & Partial<AuditEntry>,
) {
  return deps.audit.record({
    actor: caller.sub,
    role: 'staff',
    target: member.memberId,
    institution: member.institutionCode,
    at: deps.clock.now(),
    requestId,
    ...entry,
  });
}

const codeSentAnswer = (pending: PendingAlternateEmail) => ({
  status: 'code-sent' as const,
  email: maskEmail(pending.address),
  codeExpiresAt: pending.codeExpiresAt,
});

/** The email with the code: to the new address, in the member's language; the consumer inserts the code. */
async function sendCode(member: Member, pending: PendingAlternateEmail, deps: AlternateEmailDeps) {
  await deps.enqueueEmail({
    key: pending.key,
    template: 'alternate-email-code',
    locale: member.locale,
    to: pending.address,
    memberId: member.memberId,
    institutionCode: member.institutionCode,
    data: {
      login: member.address,
      validUntil: formatInstant(new Date(pending.codeExpiresAt), member.locale, deps.profile.timeZone),
      ...helpdeskData(deps.profile),
    },
  });
}

/**
 * `PUT /v1/me/alternate-email`: sends a code to the address. Asking again for the same address
 * while its code is valid sends nothing new — the same email is queued again under the same
 * business key, which the email consumer sends once — so a retried request never sends twice.
 * At most 3 codes an hour per member and per address (429 `too_many_requests`).
 */
export async function addAlternateEmail(input: { email: string }, caller: Caller, deps: AlternateEmailDeps, requestId: string) {
  const address = checkAlternateEmail(input.email, deps.profile, 'body.email');
  const member = await memberOf(caller, deps);
  if (member.verifiedAlternateEmail === address) {
    throw new ConflictError('This address is already your verified alternate email', 'alternate_email_already_verified', 'body.email');
  }
  const now = deps.clock.now();
  const waiting = member.pendingAlternateEmail;
  if (waiting?.address === address && now.getTime() < Date.parse(waiting.codeExpiresAt)) {
    await sendCode(member, waiting, deps);
    return codeSentAnswer(waiting);
  }
  const limited =
    !(await deps.limiter.hit(deps.rateKey('alternate-email-member', member.memberId), CODE_SEND_LIMIT, now)) ||
    !(await deps.limiter.hit(deps.rateKey('alternate-email-address', address), CODE_SEND_LIMIT, now));
  if (limited) throw new TooManyRequestsError('Too many codes were asked for: try again later');

  const key = `alternate-email-code#${member.memberId}#${deps.newNonce?.() ?? randomUUID()}`;
  const subject = verificationSubject(member.memberId);
  const { challenge } = issueOtp(subject, deps.hashOtp, now, deps.emailCode(key));
  const pending: PendingAlternateEmail = { address, key, codeExpiresAt: challenge.expiresAt };
  await deps.otps.put(subject, challenge);
  await deps.store.setPending(member.memberId, pending);
  await sendCode(member, pending, deps);
  await audit(deps, member, caller, requestId, {
    action: 'alternate-email.code-sent',
    outcome: 'success',
    details: { sameAsImported: address === member.alternateEmail },
  });
  return codeSentAnswer(pending);
}

const codeInvalid = (left: number) =>
  new DomainError(400, 'code_invalid', `The code is not right (${left} ${left === 1 ? 'try' : 'tries'} left)`, 'body.code');
const codeExpired = () => new DomainError(400, 'code_expired', 'The code has expired: add the address again for a new one', 'body.code');

/**
 * `POST /v1/me/alternate-email/verify`: the code proves the address, which becomes the one reset
 * codes go to (after the hold). The same rules as the SMS codes: 10 minutes, single use, five
 * tries — the fifth wrong one drops the code and the waiting address (429 `too_many_attempts`).
 * Only the member's own code counts: codes are hashed with the member's subject.
 */
export async function verifyAlternateEmail(input: { code: string }, caller: Caller, deps: AlternateEmailDeps, requestId: string) {
  const member = await memberOf(caller, deps);
  const pending = member.pendingAlternateEmail;
  if (!pending) throw new ConflictError('No address is waiting for a code: add one first', 'alternate_email_not_pending');
  const subject = verificationSubject(member.memberId);
  const challenge = await deps.otps.countTry(subject);
  if (!challenge) throw codeExpired();
  const now = deps.clock.now();
  const check = checkOtp(challenge, subject, input.code, deps.hashOtp, now);
  if (!check.ok) {
    if (check.code === 'code_invalid') throw codeInvalid(check.attemptsLeft);
    if (check.code === 'code_expired') throw codeExpired();
    await deps.otps.discard(subject);
    await deps.store.dropPending(member.memberId, pending.key);
    await audit(deps, member, caller, requestId, { action: 'alternate-email.verified', outcome: 'refused', reason: 'too_many_attempts' });
    throw new TooManyRequestsError('Too many wrong codes: add the address again for a new code', 'too_many_attempts');
  }
  if (!(await changeAlternateEmail(member, { kind: 'verified', pending }, now, requestId, deps))) {
    throw new ConflictError('The address changed meanwhile (another session?): add it again', 'alternate_email_changed');
  }
  await deps.otps.discard(subject);
  await audit(deps, member, caller, requestId, {
    action: 'alternate-email.verified',
    outcome: 'success',
    details: { replacedVerified: Boolean(member.verifiedAlternateEmail), sameAsImported: pending.address === member.alternateEmail },
  });
  const from = resetCodesFrom({ alternateEmailVerifiedAt: now.toISOString() }) as Date;
  return { status: 'verified' as const, email: maskEmail(pending.address), resetCodesFrom: from.toISOString() };
}

/**
 * `DELETE /v1/me/alternate-email`: the verified address (announced to the old channels, like any
 * change) and any waiting one are gone; reset codes go by SMS only. Idempotent: with nothing to
 * remove, nothing happens.
 */
export async function removeAlternateEmail(caller: Caller, deps: AlternateEmailDeps, requestId: string): Promise<void> {
  const member = await memberOf(caller, deps);
  const verified = member.verifiedAlternateEmail ?? null;
  if (!verified && !member.pendingAlternateEmail) return;
  const removed = verified
    ? await changeAlternateEmail(member, { kind: 'removed' }, deps.clock.now(), requestId, deps)
    : await deps.store.remove(member.memberId, null);
  if (!removed) throw new ConflictError('The address changed meanwhile (another session?): try again', 'alternate_email_changed');
  await deps.otps.discard(verificationSubject(member.memberId));
  await audit(deps, member, caller, requestId, {
    action: 'alternate-email.removed',
    outcome: 'success',
    details: { hadVerified: Boolean(verified), hadPending: Boolean(member.pendingAlternateEmail) },
  });
}
