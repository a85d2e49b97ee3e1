import type { ActivationDeps } from '../../../shared/activation/activate';
import { dynamoAttemptStore } from '../../../shared/activation/attempt-store';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoOtpStore } from '../../../shared/otp/otp-store';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

/**
 * The two public activation steps, built once per container. The keyed hashers come from the
 * handler, each from its own secret, so each step reads only the keys its catalog entry binds
 * (step 1: national ID, OTP, rate limits; step 2: OTP and the per-source rate key).
 */
export function activationDeps(keys: Pick<ActivationDeps, 'hashNationalId' | 'hashOtp' | 'rateKey'>): ActivationDeps {
  const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), USER_POOL_ID: setting() });
  return {
    ...keys,
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    attempts: dynamoAttemptStore(dynamo, env.DIRECTORY_TABLE),
    otps: dynamoOtpStore(dynamo, env.DIRECTORY_TABLE),
    limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
    directory: cognitoDirectory(cognito, env.USER_POOL_ID),
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    profile,
    clock: systemClock,
  };
}
