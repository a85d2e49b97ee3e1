import { changePasswordBody } from '../../../shared/api/password-schemas';
import { ROUTES } from '../../../shared/catalog';
import { ForbiddenError, UnauthorizedError } from '../../../shared/errors';
import { httpRoute } from '../../../shared/http/route';
import { changeOwnPassword } from '../../../shared/passwords/password-use-cases';
import { passwordDeps } from './password-deps';

const deps = passwordDeps();
const allow = ROUTES.find((r) => r.id === 'changeMyPassword')?.allow ?? [];

// Not `actorRoute`: a staff member has no server-side scope item, and changing one's own
// password needs none; the role check is the catalog's allow list all the same.
export const handler = httpRoute({ auth: 'jwt', body: changePasswordBody }, async ({ body, principal, accessToken, requestId }) => {
  const role = principal.roles.find((r) => allow.includes(r));
  if (!role) throw new ForbiddenError('Your role may not do this', 'role_not_allowed');
  if (!accessToken) throw new UnauthorizedError();
  return {
    status: 200,
    body: await changeOwnPassword(body, { sub: principal.sub, login: principal.login, role, accessToken }, deps, requestId),
  };
});
