import { groupIdParams, listJoinRequestsQuery } from '../../../shared/api/group-schemas';
import { listJoinRequests } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'listGroupJoinRequests', scopes, params: groupIdParams, query: listJoinRequestsQuery },
  async ({ params, query, actor, requestId }) => ({
    status: 200,
    body: await listJoinRequests(params.groupId, query.state, { actor, requestId }, deps),
  }),
);
