import { type AuditLog, dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { dynamoLateRequestStatusStore } from '../../../shared/late-requests/late-request-status-store';
import { dynamoLateRequestStore } from '../../../shared/late-requests/late-request-store';
import type { LateRequestDeps } from '../../../shared/late-requests/late-request-use-cases';
import { dynamoLotStore } from '../../../shared/lots/lot-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoOtpStore } from '../../../shared/otp/otp-store';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

// Built once per container. The keyed hashers come from each handler, each from its own secret:
// a route reads only the keys its catalog entry binds.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const requests = dynamoLateRequestStore(dynamo, env.DIRECTORY_TABLE);
export const statusTokens = dynamoLateRequestStatusStore(dynamo, env.DIRECTORY_TABLE);
export const limiter = dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE);

/** Only the deciding route writes the audit trail, so only it is bound to (and reads) the audit table. */
const noAudit: AuditLog = {
  record: async () => {
    throw new Error('this route is not bound to the audit table');
  },
};

export function lateRequestDeps(
  options: { audit: boolean },
  keys: Pick<LateRequestDeps, 'hashNationalId' | 'hashOtp' | 'rateKey'>,
): LateRequestDeps {
  return {
    ...keys,
    requests,
    statusTokens,
    otps: dynamoOtpStore(dynamo, env.DIRECTORY_TABLE),
    limiter,
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    institutions: dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE),
    lots: dynamoLotStore(dynamo, env.DIRECTORY_TABLE),
    audit: options.audit ? dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays) : noAudit,
    profile,
    clock: systemClock,
  };
}
