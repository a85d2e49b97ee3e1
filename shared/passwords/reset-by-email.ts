import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EmailCoder } from '../email/email-code';
import type { EmailMessage } from '../email/email-message';
import { TooManyRequestsError } from '../errors';
import { formatInstant } from '../i18n/dates';
import type { PasswordDirectory } from '../identity/cognito-directory';
import { logger } from '../logger';
import type { Member } from '../members/member';
import { checkOtp, generateOtp, issueOtp, type OtpHasher } from '../otp/otp';
import type { OtpStore } from '../otp/otp-store';
import type { Profile } from '../profiles';
import { resetCodesFrom, resetEmailOf } from './alternate-email';
import { PasswordPolicyError } from './check-password';
import { CodeExpiredError, CodeInvalidError } from './password-errors';
import { helpdeskData, type RecordDeps, recordPasswordEvent } from './record-password-event';

/**
 * Password reset by the verified alternate email (it-miur's "Password dimenticata" for staff who
 * set one). Cognito can send its own reset code only to the account's phone, so Posta issues this
 * code itself, with the rules of every Posta code (shared/otp): 6 digits, only an HMAC stored,
 * 10 minutes, 5 tries, single use. It goes through the email queue under a business key and is
 * derived from that key at send time (shared/email/email-code.ts): never in a queue, table or log.
 */
export interface EmailResetDeps {
  otps: OtpStore;
  /** `(kind, value) → key`: keyed hash (a login, a source IP), so stored items name neither. */
  rateKey(kind: string, value: string): string;
  hashOtp: OtpHasher;
  emailCode: EmailCoder;
  enqueueEmail(message: EmailMessage): Promise<void>;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  newNonce?: () => string;
}

/** The challenge of a login: keyed by a keyed hash of the login, so the item names nobody. */
export const resetSubject = (rateKey: EmailResetDeps['rateKey'], login: string) => `password-reset:${rateKey('reset-login', login)}`;

/** Why a known member got no code by email (audited, never answered). */
function notSentReason(member: Member, now: Date): string {
  if (!member.verifiedAlternateEmail) return 'no-verified-alternate-email';
  if (now.getTime() < (resetCodesFrom(member) as Date).getTime()) return 'alternate-email-on-hold';
  return `state-${member.state}`;
}

/**
 * Issues a reset code for the login and emails it to the member's usable verified address
 * (`resetEmailOf`). A challenge is stored for every login alike — known or not, with an address
 * or not — and only a usable address gets the code, so the confirm step answers an unknown
 * login exactly as it answers a known one. Each request is a new code (as Cognito's SMS reset):
 * the business key makes a redelivered queue message send once.
 */
export async function sendResetCodeByEmail(login: string, member: Member | null, requestId: string, deps: EmailResetDeps): Promise<void> {
  const now = deps.clock.now();
  const to = member ? resetEmailOf(member, now) : null;
  const key = `password-reset-code#${member?.memberId ?? 'none'}#${deps.newNonce?.() ?? randomUUID()}`;
  const subject = resetSubject(deps.rateKey, login);
  const { challenge } = issueOtp(subject, deps.hashOtp, now, to ? deps.emailCode(key) : generateOtp());
  await deps.otps.put(subject, challenge);
  if (!member) return logger.info('password reset code by email not sent', { reason: 'unknown-login' });
  const audit = {
    actor: login,
    role: 'self',
    action: 'password.reset-code-sent',
    target: member.memberId,
    institution: member.institutionCode,
  };
  if (!to) {
    const reason = notSentReason(member, now);
    await deps.audit.record({ ...audit, at: now, requestId, outcome: 'refused', reason, details: { channel: 'email' } });
    return logger.info('password reset code by email not sent', { reason });
  }
  await deps.enqueueEmail({
    key,
    template: 'password-reset-code',
    locale: member.locale,
    to,
    memberId: member.memberId,
    institutionCode: member.institutionCode,
    data: {
      givenName: member.givenName,
      login: member.address,
      validUntil: formatInstant(new Date(challenge.expiresAt), member.locale, deps.profile.timeZone),
      ...helpdeskData(deps.profile),
    },
  });
  await deps.audit.record({ ...audit, at: now, requestId, outcome: 'success', details: { channel: 'email' } });
}

/**
 * Sets a new password with an emailed code (the policy was checked by the caller, for everyone).
 * A wrong code, an unknown login and a login whose code was never sent answer alike
 * (`code_invalid`); a spent challenge answers 429 `too_many_attempts` until a new code is asked
 * for. The code is used up before the password is set, so two requests with it cannot both pass;
 * the password is set with `AdminSetUserPassword` (permanent), then recorded like every reset:
 * `passwordChangedAt`, the deadline re-filed, `password.reset-by-email` audited (never the code),
 * the member told by the `password-changed` email.
 */
export async function confirmResetByEmail(
  input: { login: string; code: string; newPassword: string },
  deps: EmailResetDeps & RecordDeps & { directory: Pick<PasswordDirectory, 'resetPassword'> },
  requestId: string,
): Promise<{ status: 'password-reset' }> {
  const subject = resetSubject(deps.rateKey, input.login);
  const challenge = await deps.otps.countTry(subject);
  if (!challenge) throw new CodeInvalidError();
  const check = checkOtp(challenge, subject, input.code, deps.hashOtp, deps.clock.now());
  if (!check.ok) {
    if (check.code === 'code_invalid') throw new CodeInvalidError();
    if (check.code === 'code_expired') throw new CodeExpiredError();
    throw new TooManyRequestsError('Too many wrong codes: ask for a new one', 'too_many_attempts');
  }
  await deps.otps.discard(subject);
  // The address may have been removed (or the account closed) since the code went out.
  const member = await deps.records.memberByLogin(input.login);
  if (!member || !resetEmailOf(member, deps.clock.now())) throw new CodeInvalidError();
  const outcome = await deps.directory.resetPassword(input.login, input.newPassword);
  if (outcome === 'unknown-user') throw new CodeInvalidError();
  if (outcome === 'password-rejected') throw new PasswordPolicyError('body.newPassword', 'it may not repeat a recent password');
  await recordPasswordEvent({ kind: 'password.reset-by-email', login: input.login, actor: input.login, role: 'self', requestId }, deps);
  return { status: 'password-reset' };
}
