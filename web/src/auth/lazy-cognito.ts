import type { ConsoleConfig } from '../config';
import type { CognitoAuth } from './cognito';

/**
 * The Cognito client without the AWS SDK in the staff entry: the SDK (a fifth of the entry's
 * JavaScript) loads as its own chunk, fetched as soon as the first page is on screen and
 * awaited by the first call. The sign-in form is interactive before the SDK has loaded.
 */
export function lazyCognitoAuth(
  config: Pick<ConsoleConfig, 'region' | 'userPoolClientId' | 'cognitoEndpoint'>,
): CognitoAuth & { preload(): void } {
  let loaded: Promise<CognitoAuth> | undefined;
  const load = () => {
    loaded ??= import('./cognito').then((m) => m.cognitoAuth(config));
    return loaded;
  };
  return {
    preload: () => void load().catch(() => undefined),
    signIn: async (...args) => (await load()).signIn(...args),
    completeNewPassword: async (...args) => (await load()).completeNewPassword(...args),
    refresh: async (...args) => (await load()).refresh(...args),
    revoke: async (...args) => (await load()).revoke(...args),
  };
}
