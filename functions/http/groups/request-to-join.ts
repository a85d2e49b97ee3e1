import { groupIdParams } from '../../../shared/api/group-schemas';
import { ROUTES } from '../../../shared/catalog';
import { ForbiddenError } from '../../../shared/errors';
import { requestToJoin } from '../../../shared/groups/group-use-cases';
import { httpRoute } from '../../../shared/http/route';
import { groupDeps } from './group-deps';

const deps = groupDeps({ audit: true });
const allow = ROUTES.find((r) => r.id === 'requestToJoinGroup')?.allow ?? [];

// Not `actorRoute`: a staff member has no server-side scope item; they are found by their login
// (their address), and the catalog's allow list is checked all the same.
export const handler = httpRoute({ auth: 'jwt', params: groupIdParams }, async ({ params, principal, requestId }) => {
  if (!principal.roles.some((r) => allow.includes(r))) throw new ForbiddenError('Your role may not do this', 'role_not_allowed');
  return { status: 201, body: await requestToJoin(params.groupId, { sub: principal.sub, login: principal.login, requestId }, deps) };
});
