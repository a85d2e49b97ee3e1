import { revokeRoleQuery, roleAssignmentParams } from '../../../shared/api/role-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { revokeRole } from '../../../shared/roles/role-use-cases';
import { changeDeps, scopes } from './role-deps';

const deps = changeDeps();

export const handler = actorRoute(
  { routeId: 'revokeRole', scopes, params: roleAssignmentParams, query: revokeRoleQuery },
  async ({ params, query, actor, requestId }) => {
    await revokeRole(params.sub, params.role, query.institutionCode, { actor, requestId }, deps);
    return { status: 204 };
  },
);
