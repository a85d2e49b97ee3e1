import { supportMemberParams, supportReasonBody } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { resetMemberPassword } from '../../../shared/support/member-support';
import { resetCredentials } from '../resets/reset-credentials';
import { context, directoryTable, members, scopes } from './support-deps';

const deps = {
  ...context,
  ...resetCredentials(directoryTable),
  members,
  failures: dynamoDeliveryFailureStore(dynamo, directoryTable),
  limiter: dynamoRateLimiter(dynamo, directoryTable),
  profile,
};

export const handler = actorRoute(
  { routeId: 'supportResetPassword', scopes, params: supportMemberParams, body: supportReasonBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await resetMemberPassword(params.memberId, body, actor, deps, requestId),
  }),
);
