import { groupIdParams } from '../../../shared/api/group-schemas';
import { deleteGroup } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute({ routeId: 'deleteGroup', scopes, params: groupIdParams }, async ({ params, actor, requestId }) => {
  await deleteGroup(params.groupId, { actor, requestId }, deps);
  return { status: 204 };
});
