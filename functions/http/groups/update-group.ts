import { groupIdParams, updateGroupBody } from '../../../shared/api/group-schemas';
import { updateGroup } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'updateGroup', scopes, params: groupIdParams, body: updateGroupBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await updateGroup(params.groupId, body, { actor, requestId }, deps),
  }),
);
