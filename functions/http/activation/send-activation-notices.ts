import { requestActivationNotices } from '../../../shared/activation/activation-notices';
import { activationNoticeBody, activationNoticeParams } from '../../../shared/api/activation-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import type { ActivationNoticeMessage } from '../../../shared/lots/launch-lots';
import { dynamoMemberStore } from '../../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), PROVISION_QUEUE_URL: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const deps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  enqueue: jsonQueueSender<ActivationNoticeMessage>(sqs, env.PROVISION_QUEUE_URL),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
};

export const handler = actorRoute(
  { routeId: 'sendActivationNotices', scopes, params: activationNoticeParams, body: activationNoticeBody },
  async ({ params, body, actor, requestId }) => ({
    status: 202,
    body: await requestActivationNotices(params.institutionCode, body.memberIds, actor, requestId, deps),
  }),
);
