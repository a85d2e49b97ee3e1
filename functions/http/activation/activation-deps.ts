import type { ActivationDeps } from '../../../shared/activation/activate';
import { dynamoAttemptStore } from '../../../shared/activation/attempt-store';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { readSecret } from '../../../shared/config/secrets';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { nationalIdHasher } from '../../../shared/members/national-id-hash';
import { otpHasher } from '../../../shared/otp/otp';
import { dynamoOtpStore } from '../../../shared/otp/otp-store';
import { dynamoRateLimiter, rateKeyHasher } from '../../../shared/otp/rate-limit';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

/**
 * The two public activation steps, built once per container. One secret (the national-ID HMAC
 * key) serves the national-ID hash, the OTP hash and the rate-limit keys through derived keys.
 */
export async function activationDeps(): Promise<ActivationDeps> {
  const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), USER_POOL_ID: setting() });
  const secret = await readSecret('nationalIdKey');
  return {
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    attempts: dynamoAttemptStore(dynamo, env.DIRECTORY_TABLE),
    otps: dynamoOtpStore(dynamo, env.DIRECTORY_TABLE),
    limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
    rateKey: rateKeyHasher(secret),
    hashOtp: otpHasher(secret),
    hashNationalId: nationalIdHasher(secret),
    directory: cognitoDirectory(cognito, env.USER_POOL_ID),
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    profile,
    clock: systemClock,
  };
}
