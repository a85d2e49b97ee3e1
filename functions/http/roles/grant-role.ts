import { grantRoleBody, roleAssignmentSubParams } from '../../../shared/api/role-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { grantRole } from '../../../shared/roles/role-use-cases';
import { changeDeps, scopes } from './role-deps';

const deps = changeDeps();

export const handler = actorRoute(
  { routeId: 'grantRole', scopes, params: roleAssignmentSubParams, body: grantRoleBody },
  async ({ params, body, actor, requestId }) => ({ status: 200, body: await grantRole(params.sub, body, { actor, requestId }, deps) }),
);
