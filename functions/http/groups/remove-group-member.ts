import { groupMemberParams } from '../../../shared/api/group-schemas';
import { removeGroupMember } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'removeGroupMember', scopes, params: groupMemberParams },
  async ({ params, actor, requestId }) => {
    await removeGroupMember(params.groupId, params.memberId, { actor, requestId }, deps);
    return { status: 204 };
  },
);
