import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import type { EmailMessage } from '../../../shared/email/email-message';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoOtpStore } from '../../../shared/otp/otp-store';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { dynamoAlternateEmailStore } from '../../../shared/passwords/alternate-email-store';
import type { AlternateEmailDeps } from '../../../shared/passwords/alternate-email-use-cases';
import { dynamoPasswordRecords } from '../../../shared/passwords/password-records';
import type { ForgotDeps, PasswordDeps } from '../../../shared/passwords/password-use-cases';
import type { EmailResetDeps } from '../../../shared/passwords/reset-by-email';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

// Each password route calls these once, at cold start, and reads only the settings it is bound to.

/** The self-service Cognito calls go through the app client id. */
export function passwordDirectory() {
  const env = readEnv({ USER_POOL_ID: setting(), USER_POOL_CLIENT_ID: setting() });
  return cognitoDirectory(cognito, env.USER_POOL_ID, env.USER_POOL_CLIENT_ID);
}

/** What a route that sets a password needs to record it, audit it and tell the member. */
export function passwordDeps(): PasswordDeps {
  const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting() });
  return {
    directory: passwordDirectory(),
    records: dynamoPasswordRecords(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
    profile,
    clock: systemClock,
  };
}

/** The keyed operations of Posta's own codes: each handler passes those its catalog entry binds (shared/config/keys.ts). */
export type CodeKeys = Pick<EmailResetDeps, 'rateKey' | 'hashOtp' | 'emailCode'>;

/**
 * Posta's own codes sent by email (and their limits). Three keys, each its own secret: rate-limit
 * keys and the reset challenge's subject (`rateLimitKey`), code hashes (`otpKey`) and the emailed
 * codes themselves (`emailCodeKey`, which the email consumer holds too) — a route reads only those
 * it uses.
 */
function emailCodeDeps(keys: CodeKeys) {
  const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), EMAIL_QUEUE_URL: setting() });
  return {
    ...keys,
    otps: dynamoOtpStore(dynamo, env.DIRECTORY_TABLE),
    limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    profile,
    clock: systemClock,
  };
}

/** Forgot and confirm: the SMS path (Cognito) and the email path (Posta's own code). */
export function resetDeps(keys: CodeKeys): PasswordDeps & EmailResetDeps & ForgotDeps {
  return { ...passwordDeps(), ...emailCodeDeps(keys) };
}

/** Adding, proving and removing the alternate email. */
export function alternateEmailDeps(keys: CodeKeys): AlternateEmailDeps {
  const env = readEnv({ DIRECTORY_TABLE: setting() });
  return {
    ...emailCodeDeps(keys),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    store: dynamoAlternateEmailStore(dynamo, env.DIRECTORY_TABLE),
    sms: countedSmsSender(env.DIRECTORY_TABLE),
  };
}
