import { groupIdParams } from '../../../shared/api/group-schemas';
import { requestToJoin } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

/** A staff member (by the staff register) asks to join a list of their own institution. */
export const handler = actorRoute(
  { routeId: 'requestToJoinGroup', scopes, params: groupIdParams },
  async ({ params, actor, requestId }) => ({
    status: 201,
    body: await requestToJoin(params.groupId, { actor, requestId }, deps),
  }),
);
