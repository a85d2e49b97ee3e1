import { groupIdParams } from '../../../shared/api/group-schemas';
import { getGroup } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute({ routeId: 'getGroup', scopes, params: groupIdParams }, async ({ params, actor, requestId }) => ({
  status: 200,
  body: await getGroup(params.groupId, { actor, requestId }, deps),
}));
