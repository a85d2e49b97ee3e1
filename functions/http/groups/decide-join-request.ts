import { decideJoinRequestBody, decideJoinRequestParams } from '../../../shared/api/group-schemas';
import { decideJoinRequest } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'decideGroupJoinRequest', scopes, params: decideJoinRequestParams, body: decideJoinRequestBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await decideJoinRequest(params.groupId, params.memberId, body.decision, { actor, requestId }, deps),
  }),
);
