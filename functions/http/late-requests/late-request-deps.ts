import { type AuditLog, dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { readSecret } from '../../../shared/config/secrets';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { dynamoLateRequestStore } from '../../../shared/late-requests/late-request-store';
import type { LateRequestDeps } from '../../../shared/late-requests/late-request-use-cases';
import { dynamoLotStore } from '../../../shared/lots/lot-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { nationalIdHasher } from '../../../shared/members/national-id-hash';
import { otpHasher } from '../../../shared/otp/otp';
import { dynamoOtpStore } from '../../../shared/otp/otp-store';
import { dynamoRateLimiter, rateKeyHasher } from '../../../shared/otp/rate-limit';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

// Built once per container. One secret (the national-ID HMAC key) serves three purposes through
// derived keys: see shared/otp/otp.ts.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const requests = dynamoLateRequestStore(dynamo, env.DIRECTORY_TABLE);

/** Only the deciding route writes the audit trail, so only it is bound to (and reads) the audit table. */
const noAudit: AuditLog = {
  record: async () => {
    throw new Error('this route is not bound to the audit table');
  },
};

export async function lateRequestDeps(options: { audit: boolean }): Promise<LateRequestDeps> {
  const secret = await readSecret('nationalIdKey');
  return {
    requests,
    otps: dynamoOtpStore(dynamo, env.DIRECTORY_TABLE),
    limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
    rateKey: rateKeyHasher(secret),
    hashOtp: otpHasher(secret),
    hashNationalId: nationalIdHasher(secret),
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    institutions: dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE),
    lots: dynamoLotStore(dynamo, env.DIRECTORY_TABLE),
    audit: options.audit ? dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays) : noAudit,
    profile,
    clock: systemClock,
  };
}
