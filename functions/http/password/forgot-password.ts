import { forgotPasswordBody } from '../../../shared/api/password-schemas';
import { noSoonerThan } from '../../../shared/http/answer-floor';
import { httpRoute } from '../../../shared/http/route';
import { requestPasswordReset } from '../../../shared/passwords/password-use-cases';
import { resetDeps } from './password-deps';

const deps = await resetDeps();

/** Every answer (202 or 429) leaves no sooner than this, whichever channel and login (as activation's). */
const ANSWER_FLOOR_MS = 600;

/** Public: the same 202 body for every login and channel (see requestPasswordReset). */
export const handler = httpRoute({ auth: 'public', body: forgotPasswordBody }, async ({ body, sourceIp, requestId }) => ({
  status: 202,
  body: await noSoonerThan(ANSWER_FLOOR_MS, () => requestPasswordReset(body, sourceIp, requestId, deps)),
}));
