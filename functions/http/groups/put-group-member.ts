import { groupMemberParams } from '../../../shared/api/group-schemas';
import { addGroupMember } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute(
  { routeId: 'putGroupMember', scopes, params: groupMemberParams },
  async ({ params, actor, requestId }) => {
    const result = await addGroupMember(params.groupId, params.memberId, { actor, requestId }, deps);
    return { status: result.added ? 201 : 200, body: result };
  },
);
