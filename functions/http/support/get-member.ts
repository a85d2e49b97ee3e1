import { supportMemberParams } from '../../../shared/api/support-schemas';
import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { memberStatus } from '../../../shared/support/member-support';
import { accountControl, context, members, scopes } from './support-deps';

const deps = { ...context, members, accounts: accountControl(), profile };

export const handler = actorRoute(
  { routeId: 'supportGetMember', scopes, params: supportMemberParams },
  async ({ params, actor, requestId }) => ({
    status: 200,
    body: await memberStatus(params.memberId, actor, deps, requestId),
  }),
);
