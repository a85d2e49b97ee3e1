/**
 * What functions get for `@aws-sdk/credential-provider-node` (the `alias` in
 * `infra/bundle-options.ts`): the environment-variable link of the SDK's default chain, alone.
 * Lambda hands every function its role's credentials in `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, so in Lambda the default chain always stops
 * at that link; the other links (SSO, ini files, process, web identity, container and instance
 * metadata, with the STS/SSO clients they carry) were ~130 KB of every bundle that never ran.
 * Tests and local runs use the real default chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The part of the SDK's credential identity these checks read (a local type: `@aws-sdk/types` is no direct dependency). */
interface Expiring {
  expiration?: Date;
}

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);

// Re-exported with the real module's meaning: Lambda's credentials carry no expiration.
export const credentialsWillNeedRefresh = (credentials?: Expiring) => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: Expiring) =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
