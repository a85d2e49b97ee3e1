import { forgotPasswordBody } from '../../../shared/api/password-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { readSecret } from '../../../shared/config/secrets';
import { httpRoute } from '../../../shared/http/route';
import { dynamoRateLimiter, rateKeyHasher } from '../../../shared/otp/rate-limit';
import { requestPasswordReset } from '../../../shared/passwords/password-use-cases';
import { passwordDirectory } from './password-deps';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const deps = {
  directory: passwordDirectory(),
  limiter: dynamoRateLimiter(dynamo, env.DIRECTORY_TABLE),
  rateKey: rateKeyHasher(await readSecret('nationalIdKey')),
  profile,
  clock: systemClock,
};

export const handler = httpRoute({ auth: 'public', body: forgotPasswordBody }, async ({ body, sourceIp }) => ({
  status: 202,
  body: await requestPasswordReset(body.login, sourceIp, deps),
}));
