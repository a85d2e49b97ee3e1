import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { EmailMessage } from '../email/email-message';
import { DomainError } from '../errors';
import type { PasswordDirectory } from '../identity/cognito-directory';
import { passwordPolicy } from '../identity/password-policy';
import { logger } from '../logger';
import { admitPublicSms, type PublicSmsDeps } from '../otp/public-sms';
import type { Profile } from '../profiles';
import { assertPasswordPolicy, PasswordPolicyError } from './check-password';
import type { PasswordRecords } from './password-records';
import { type PasswordEvent, recordPasswordEvent } from './record-password-event';

export interface PasswordDeps {
  directory: PasswordDirectory;
  records: PasswordRecords;
  audit: AuditLog;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
}

/** The one answer to every forgot-password request, whether or not the login exists. */
export const FORGOT_ANSWER = {
  status: 'accepted',
  message: 'If this login exists and has a mobile phone on record, a reset code is on its way by SMS.',
} as const;

/**
 * Asks Cognito to send a reset code by SMS. The public-SMS gate comes first (the source's and the
 * deployment's hourly budgets: the request names a login, not a phone), the same for every login.
 * Every outcome (sent, unknown login, no phone, refused, SMS not handed over) ends the same way
 * and after the same work — one Cognito call, nothing else — so neither the answer nor our own
 * timing tells whether the login exists. Only the budgets and Cognito's throttling are said (429).
 * Cognito texts the phone it holds for the account, set when the account was made: a re-import
 * that changes the phone on record does not redirect it.
 */
export async function requestPasswordReset(
  login: string,
  sourceIp: string,
  deps: Pick<PasswordDeps, 'directory' | 'clock'> & PublicSmsDeps,
): Promise<typeof FORGOT_ANSWER> {
  await admitPublicSms({ sourceIp }, deps.clock.now(), deps);
  const outcome = await deps.directory.forgotPassword(login);
  // The outcome goes to the logs only (a warning when a real account could not get its code).
  if (outcome === 'no-recovery-channel' || outcome === 'delivery-failed') logger.warn('password reset code not sent', { outcome });
  else logger.info('password reset requested', { outcome });
  return FORGOT_ANSWER;
}

export class CodeInvalidError extends DomainError {
  constructor() {
    super(400, 'code_invalid', 'The code is not valid for this login', 'body.code');
  }
}

export class CodeExpiredError extends DomainError {
  constructor() {
    super(400, 'code_expired', 'The code has expired: ask for a new one', 'body.code');
  }
}

export class CurrentPasswordInvalidError extends DomainError {
  constructor() {
    super(400, 'current_password_invalid', 'The current password is not correct', 'body.currentPassword');
  }
}

/**
 * Sets a new password with the SMS code. The policy is checked first and for everyone, so an
 * unknown login gets the same answers as a known one with a wrong code.
 */
export async function confirmPasswordReset(
  input: { login: string; code: string; newPassword: string },
  deps: PasswordDeps,
  requestId: string,
): Promise<{ status: 'password-reset' }> {
  assertPasswordPolicy(input.newPassword, passwordPolicy(deps.profile), 'body.newPassword');
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
