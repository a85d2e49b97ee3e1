import { BUCKETS, deadLetterQueueEnv, QUEUES, SECRETS, type SecretId, TABLES } from '../shared/catalog';
import type { Profile } from '../shared/profiles';
import type { Endpoints, Resources } from './provision';

/**
 * The environment the handlers see locally: the variables the CDK bind helpers set in the
 * cloud, plus the SDK's own per-service endpoint overrides (AWS_ENDPOINT_URL_<SERVICE>).
 * Locally every function sees every variable; in the cloud each sees only what it binds.
 */
export function runtimeEnv(
  profile: Profile,
  endpoints: Endpoints,
  resources: Resources,
  secrets: Record<SecretId, string>,
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'eu-south-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SNS: endpoints.sms,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    POSTA_PROFILE: profile.id,
    // Consumers run a message "as of" the instant its producer ran (`npm run job -- … --at`): local only.
    POSTA_AS_OF_CLOCK: 'honour',
    POWERTOOLS_SERVICE_NAME: 'posta',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    USER_POOL_ID: resources.userPoolId,
    USER_POOL_CLIENT_ID: resources.userPoolClientId,
    EMAIL_FROM: profile.emailFrom,
    EMAIL_TEMPLATE_PREFIX: resources.templatePrefix,
  };
  for (const def of Object.values(TABLES)) env[def.env] = resources.tables[def.id];
  for (const def of Object.values(QUEUES)) env[def.env] = resources.queues[def.id].url;
  for (const def of Object.values(QUEUES)) env[deadLetterQueueEnv(def.id)] = resources.queues[def.id].dlqUrl;
  for (const def of Object.values(BUCKETS)) env[def.env] = resources.buckets[def.id];
  // No Secrets Manager emulator: locally the value itself, as SecretDef.valueEnv allows.
  for (const def of Object.values(SECRETS)) env[def.valueEnv] = secrets[def.id];
  return env;
}
