import { listRoleAssignmentsQuery } from '../../../shared/api/role-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listRoleAssignments } from '../../../shared/roles/role-use-cases';
import { roles, scopes } from './role-deps';

export const handler = actorRoute({ routeId: 'listRoleAssignments', scopes, query: listRoleAssignmentsQuery }, async ({ query }) => ({
  status: 200,
  body: await listRoleAssignments(query, { roles }),
}));
