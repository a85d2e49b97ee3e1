import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoResetRequestStore } from '../../../shared/resets/reset-request-store';
import type { ResetRequestDeps } from '../../../shared/resets/reset-use-cases';
import { refusedCredentials, resetCredentials } from './reset-credentials';

// Built once per container; each route reads only the settings its catalog bindings give it.
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

/**
 * `credentials`: the routes that consume a request (file, approve) also get Cognito, SNS and the
 * email queue; the others get stand-ins that fail loudly if a code path ever reached them.
 */
export function resetDeps(options: { credentials: boolean }): ResetRequestDeps {
  return {
    requests: dynamoResetRequestStore(dynamo, env.DIRECTORY_TABLE),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    profile,
    clock: systemClock,
    ...(options.credentials ? resetCredentials(env.DIRECTORY_TABLE) : refusedCredentials),
  };
}
