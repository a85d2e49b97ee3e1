import { forgotPasswordBody } from '../../../shared/api/password-schemas';
import { httpRoute } from '../../../shared/http/route';
import { requestPasswordReset } from '../../../shared/passwords/password-use-cases';
import { passwordDirectory } from './password-deps';

const deps = { directory: passwordDirectory() };

export const handler = httpRoute({ auth: 'public', body: forgotPasswordBody }, async ({ body }) => ({
  status: 202,
  body: await requestPasswordReset(body.login, deps),
}));
