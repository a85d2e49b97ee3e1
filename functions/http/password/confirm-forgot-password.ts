import { confirmForgotPasswordBody } from '../../../shared/api/password-schemas';
import { httpRoute } from '../../../shared/http/route';
import { confirmPasswordReset } from '../../../shared/passwords/password-use-cases';
import { resetDeps } from './password-deps';

const deps = await resetDeps();

/** Public: the code sent by SMS (Cognito's) or to the verified alternate email (Posta's), by `channel`. */
export const handler = httpRoute({ auth: 'public', body: confirmForgotPasswordBody }, async ({ body, requestId }) => ({
  status: 200,
  body: await confirmPasswordReset(body, deps, requestId),
}));
