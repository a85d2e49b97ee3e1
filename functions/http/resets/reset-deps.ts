import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import type { EmailMessage } from '../../../shared/email/email-message';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoReopenCounter } from '../../../shared/reports/password-expiry-stats';
import { dynamoResetRequestStore } from '../../../shared/resets/reset-request-store';
import type { ResetRequestDeps } from '../../../shared/resets/reset-use-cases';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

// Built once per container; each route reads only the settings its catalog bindings give it.
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

const refuseCredentials = async () => {
  throw new Error('this route is not bound to the user pool, SNS or the email queue');
};

/**
 * `credentials`: the routes that consume a request (file, approve) also get Cognito, SNS and the
 * email queue; the others get stand-ins that fail loudly if a code path ever reached them.
 */
export function resetDeps(options: { credentials: boolean }): ResetRequestDeps {
  const base = {
    requests: dynamoResetRequestStore(dynamo, env.DIRECTORY_TABLE),
    members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
    profile,
    clock: systemClock,
  };
  if (!options.credentials) {
    return {
      ...base,
      directory: { setTemporaryPassword: refuseCredentials },
      accounts: { enableUser: refuseCredentials, userStatus: refuseCredentials, signOutEverywhere: refuseCredentials },
      sms: { send: refuseCredentials },
      enqueueEmail: refuseCredentials,
    };
  }
  const more = readEnv({ USER_POOL_ID: setting(), EMAIL_QUEUE_URL: setting() });
  const pool = cognitoDirectory(cognito, more.USER_POOL_ID);
  return {
    ...base,
    directory: pool,
    accounts: pool,
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, more.EMAIL_QUEUE_URL),
    countReopened: dynamoReopenCounter(dynamo, env.DIRECTORY_TABLE),
  };
}
