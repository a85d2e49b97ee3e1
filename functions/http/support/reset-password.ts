import { supportMemberParams, supportReasonBody } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import type { EmailMessage } from '../../../shared/email/email-message';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { dynamoReopenCounter } from '../../../shared/reports/password-expiry-stats';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';
import { resetMemberPassword } from '../../../shared/support/member-support';
import { accountControl, context, directoryTable, members, scopes } from './support-deps';

const cognitoAccounts = accountControl();
const deps = {
  ...context,
  members,
  accounts: cognitoAccounts,
  directory: cognitoAccounts,
  sms: countedSmsSender(directoryTable),
  failures: dynamoDeliveryFailureStore(dynamo, directoryTable),
  enqueueEmail: jsonQueueSender<EmailMessage>(sqs, readEnv({ EMAIL_QUEUE_URL: setting() }).EMAIL_QUEUE_URL),
  limiter: dynamoRateLimiter(dynamo, directoryTable),
  countReopened: dynamoReopenCounter(dynamo, directoryTable),
  profile,
};

export const handler = actorRoute(
  { routeId: 'supportResetPassword', scopes, params: supportMemberParams, body: supportReasonBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await resetMemberPassword(params.memberId, body, actor, deps, requestId),
  }),
);
