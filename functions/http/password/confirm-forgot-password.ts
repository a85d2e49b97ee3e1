import { confirmForgotPasswordBody } from '../../../shared/api/password-schemas';
import { httpRoute } from '../../../shared/http/route';
import { confirmPasswordReset } from '../../../shared/passwords/password-use-cases';
import { passwordDeps } from './password-deps';

const deps = passwordDeps();

export const handler = httpRoute({ auth: 'public', body: confirmForgotPasswordBody }, async ({ body, requestId }) => ({
  status: 200,
  body: await confirmPasswordReset(body, deps, requestId),
}));
