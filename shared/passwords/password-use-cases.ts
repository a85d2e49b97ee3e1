import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EmailMessage } from '../email/email-message';
import { TooManyRequestsError } from '../errors';
import type { PasswordDirectory } from '../identity/cognito-directory';
import { passwordPolicy } from '../identity/password-policy';
import { logger } from '../logger';
import { admitPublicSms, type PublicSmsDeps } from '../otp/public-sms';
import { CODE_SEND_LIMIT, type RateLimit, type RateLimiter } from '../otp/rate-limit';
import type { Profile } from '../profiles';
import { defaultResetChannel, type ResetChannel } from './alternate-email';
import { assertPasswordPolicy, PasswordPolicyError } from './check-password';
import { CodeExpiredError, CodeInvalidError, CurrentPasswordInvalidError } from './password-errors';
import type { PasswordRecords } from './password-records';
import { type PasswordEvent, recordPasswordEvent } from './record-password-event';
import { confirmResetByEmail, type EmailResetDeps, sendResetCodeByEmail } from './reset-by-email';

export { CodeExpiredError, CodeInvalidError, CurrentPasswordInvalidError } from './password-errors';

export interface PasswordDeps {
  directory: PasswordDirectory;
  records: PasswordRecords;
  audit: AuditLog;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
}

/** What forgot-password needs: the SMS path (Cognito), the email path (Posta's own code) and the limits. */
export type ForgotDeps = EmailResetDeps &
  PublicSmsDeps & {
    directory: Pick<PasswordDirectory, 'forgotPassword'>;
    records: Pick<PasswordRecords, 'memberByLogin'>;
    limiter: RateLimiter;
  };

/**
 * Forgot-password requests per login, counted for every login and every channel alike before
 * anything is looked up (so a 429 says nothing about the login): 3 an hour, as every code Posta
 * sends. Per source IP and deployment-wide, the public-SMS gate counts them (profile `publicSms`).
 */
export const FORGOT_LIMITS = {
  perLogin: CODE_SEND_LIMIT,
} as const satisfies Record<string, RateLimit>;

/**
 * The one answer to every forgot-password request, whether or not the login exists, has a phone
 * or a verified alternate email. Whoever has neither learns from this same answer (and the help
 * page) to call the helpdesk: telling them apart would tell who exists.
 */
export function forgotAnswer(profile: Pick<Profile, 'helpdesk'>) {
  return {
    status: 'accepted' as const,
    message:
      'If this login exists, a reset code is on its way: by SMS to the mobile phone on record, or by email to the alternate address its owner verified. If nothing arrives within a few minutes, the account has no usable channel: call the helpdesk.',
    helpdesk: { email: profile.helpdesk.email, phone: profile.helpdesk.phone, hours: profile.helpdesk.hours },
  };
}

/**
 * Sends a reset code through the channel asked for — or, without one, the member's choice
 * (`defaultResetChannel`: their verified alternate email once it can be used, else SMS). SMS:
 * Cognito sends its code to the account's verified phone; email: Posta issues its own code
 * (`sendResetCodeByEmail`). Every outcome (sent, unknown login, no phone, no usable address,
 * refused, SMS not handed over) ends in the same answer; only the limits (for everyone alike) and
 * Cognito's throttling are said (429). The handler also gives every answer the same minimum delay.
 */
export async function requestPasswordReset(
  input: { login: string; channel?: ResetChannel },
  sourceIp: string,
  requestId: string,
  deps: ForgotDeps,
) {
  const now = deps.clock.now();
  // The public-SMS gate first (the source's and the deployment's hourly budgets: the request names
  // a login, not a phone), then the login's own limit: the same for every login and channel.
  await admitPublicSms({ sourceIp }, now, deps);
  if (!(await deps.limiter.hit(deps.rateKey('forgot-login', input.login), FORGOT_LIMITS.perLogin, now)))
    throw new TooManyRequestsError('Too many reset requests: try again later');
  const member = await deps.records.memberByLogin(input.login);
  const channel = input.channel ?? defaultResetChannel(member, now);
  if (channel === 'email') {
    await sendResetCodeByEmail(input.login, member, requestId, deps);
  } else {
    const outcome = await deps.directory.forgotPassword(input.login);
    // The outcome goes to the logs only (a warning when a real account could not get its code).
    if (outcome === 'no-recovery-channel' || outcome === 'delivery-failed') logger.warn('password reset code not sent', { outcome });
    else logger.info('password reset requested', { outcome });
  }
  return forgotAnswer(deps.profile);
}

/**
 * Sets a new password with the code: Cognito's, sent by SMS (`channel` absent or `sms`), or
 * Posta's, sent to the verified alternate email (`email`: `confirmResetByEmail`). The policy is
 * checked first and for everyone, so an unknown login gets the same answers as a known one with a
 * wrong code, on either channel.
 */
export async function confirmPasswordReset(
  input: { login: string; code: string; newPassword: string; channel?: ResetChannel },
  deps: PasswordDeps & EmailResetDeps,
  requestId: string,
): Promise<{ status: 'password-reset' }> {
  assertPasswordPolicy(input.newPassword, passwordPolicy(deps.profile), 'body.newPassword');
  if (input.channel === 'email') return confirmResetByEmail(input, deps, requestId);
  const outcome = await deps.directory.confirmForgotPassword(input.login, input.code, input.newPassword);
  if (outcome === 'code-invalid') throw new CodeInvalidError();
  if (outcome === 'code-expired') throw new CodeExpiredError();
  if (outcome === 'password-rejected') throw new PasswordPolicyError('body.newPassword', 'it may not repeat a recent password');
  await recordPasswordEvent(
    { kind: 'password.reset', login: input.login, actor: input.login, role: 'self', requestId } satisfies PasswordEvent,
    deps,
  );
  return { status: 'password-reset' };
}

/** A signed-in user replaces their own password; Cognito checks the current one. */
export async function changeOwnPassword(
  input: { currentPassword: string; newPassword: string },
  caller: { sub: string; login: string; role: string; accessToken: string },
  deps: PasswordDeps,
  requestId: string,
): Promise<{ status: 'password-changed' }> {
  assertPasswordPolicy(input.newPassword, passwordPolicy(deps.profile), 'body.newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new PasswordPolicyError('body.newPassword', 'it must differ from the current password');
  }
  const outcome = await deps.directory.changePassword(caller.accessToken, input.currentPassword, input.newPassword);
  if (outcome === 'current-invalid') throw new CurrentPasswordInvalidError();
  if (outcome === 'password-rejected') throw new PasswordPolicyError('body.newPassword', 'it may not repeat a recent password');
  await recordPasswordEvent({ kind: 'password.changed', login: caller.login, actor: caller.sub, role: caller.role, requestId }, deps);
  return { status: 'password-changed' };
}
