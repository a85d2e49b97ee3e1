import { channelChangeParams, confirmChannelChangeBody } from '../../../shared/api/credential-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoHeldCredentialStore } from '../../../shared/credentials/held-credential-store';
import { confirmChannelChange } from '../../../shared/credentials/held-credentials';
import { dynamoRecoveryPhoneStore } from '../../../shared/credentials/recovery-phone';
import { actorRoute } from '../../../shared/http/actor-route';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import type { ProvisionMessage } from '../../../shared/lots/launch-lots';
import { dynamoMemberStore } from '../../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), PROVISION_QUEUE_URL: setting(), USER_POOL_ID: setting() });
const deps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  held: dynamoHeldCredentialStore(dynamo, env.DIRECTORY_TABLE),
  recoveryPhones: dynamoRecoveryPhoneStore(dynamo, env.DIRECTORY_TABLE),
  directory: cognitoDirectory(cognito, env.USER_POOL_ID),
  enqueue: jsonQueueSender<ProvisionMessage>(sqs, env.PROVISION_QUEUE_URL),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  profile,
  clock: systemClock,
};

/** Operators only: ends a channel-change hold for one member, with a reason (audited). */
export const handler = actorRoute(
  {
    routeId: 'confirmChannelChange',
    scopes: dynamoScopeStore(dynamo, env.DIRECTORY_TABLE),
    params: channelChangeParams,
    body: confirmChannelChangeBody,
  },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await confirmChannelChange(params.memberId, body.reason, actor, requestId, deps),
  }),
);
