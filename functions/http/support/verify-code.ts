import { verifySupportCodeBody } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readSecret } from '../../../shared/config/secrets';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoRateLimiter } from '../../../shared/otp/rate-limit';
import { verifySupportCode } from '../../../shared/support/member-support';
import { context, directoryTable, members, scopes } from './support-deps';

// The support-code secret, and no other key.
const deps = {
  ...context,
  members,
  limiter: dynamoRateLimiter(dynamo, directoryTable),
  supportCodeKey: await readSecret('supportCodeKey'),
};

export const handler = actorRoute(
  { routeId: 'supportVerifyCode', scopes, body: verifySupportCodeBody },
  async ({ body, actor, requestId }) => ({
    status: 200,
    body: await verifySupportCode(body, actor, deps, requestId),
  }),
);
