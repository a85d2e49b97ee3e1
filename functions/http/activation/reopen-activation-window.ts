import { reopenActivationWindow } from '../../../shared/activation/activation-notices';
import { memberParams, reopenWindowBody } from '../../../shared/api/activation-schemas';
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
import { dynamoReopenCounter } from '../../../shared/reports/password-expiry-stats';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), PROVISION_QUEUE_URL: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const deps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  enqueue: jsonQueueSender<ActivationNoticeMessage>(sqs, env.PROVISION_QUEUE_URL),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  profile,
  clock: systemClock,
  countReopened: dynamoReopenCounter(dynamo, env.DIRECTORY_TABLE),
};

export const handler = actorRoute(
  { routeId: 'reopenActivationWindow', scopes, params: memberParams, body: reopenWindowBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await reopenActivationWindow(params.memberId, body.reason, actor, requestId, deps),
  }),
);
