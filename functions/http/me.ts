import { profile } from '../../shared/config/profile';
import { httpRoute } from '../../shared/http/route';

export const handler = httpRoute({ auth: 'jwt' }, async ({ principal }) => ({
  status: 200,
  body: {
    sub: principal.sub,
    login: principal.login,
    roles: principal.roles,
    profile: { id: profile.id, mailDomain: profile.newMailDomain, defaultLocale: profile.defaultLocale },
  },
}));
