import { confirmActivation } from '../../../shared/activation/activate';
import { attemptParams, confirmActivationBody } from '../../../shared/api/activation-schemas';
import { httpRoute } from '../../../shared/http/route';
import { activationDeps } from './activation-deps';

const deps = await activationDeps();

/** Public, step 2: the code from step 1's SMS; the temporary password goes by SMS, never in the answer. */
export const handler = httpRoute(
  { auth: 'public', params: attemptParams, body: confirmActivationBody },
  async ({ params, body, sourceIp, requestId }) => ({
    status: 200,
    body: await confirmActivation(params.attemptId, body.code, sourceIp, requestId, deps),
  }),
);
