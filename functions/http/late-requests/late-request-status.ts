import { lateRequestStatusBody } from '../../../shared/api/late-request-schemas';
import { systemClock } from '../../../shared/clock';
import { readSecret } from '../../../shared/config/secrets';
import { httpRoute } from '../../../shared/http/route';
import { lateRequestStatus } from '../../../shared/late-requests/late-request-status';
import { rateKeyHasher } from '../../../shared/otp/rate-limit';
import { limiter, requests, statusTokens } from './late-request-deps';

// The rate-limit key names both the token's item (its keyed hash) and the source's counter.
const deps = {
  statusTokens,
  requests,
  limiter,
  rateKey: rateKeyHasher(await readSecret('rateLimitKey')),
  clock: systemClock,
};

/** Public: the token in the body (never in a URL, so no access log or Referer carries it). */
export const handler = httpRoute({ auth: 'public', body: lateRequestStatusBody }, async ({ body, sourceIp }) => ({
  status: 200,
  body: await lateRequestStatus(body.token, sourceIp, deps),
}));
