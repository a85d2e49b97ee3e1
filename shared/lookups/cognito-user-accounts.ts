import { AdminGetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { UserAccounts } from './user-lookup';

/**
 * What a pool's username can be, by the published rule of `AdminGetUser`'s `Username` (Amazon
 * Cognito API Reference, AdminGetUser: length 1–128, pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`).
 * Anything else is no one's login: Cognito would answer `InvalidParameterException`, not "not found".
 */
const POOL_USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/**
 * The user pool adapter: `AdminGetUser` takes the username (the login) and returns the `sub` attribute.
 * A login no username can be (an audit filter with a space, a 200-character address) is nobody's:
 * null without asking, where Cognito's validation error would have been a 500.
 */
export function cognitoUserAccounts(cognito: CognitoIdentityProviderClient, userPoolId: string): UserAccounts {
  return {
    async byLogin(login) {
      if (!POOL_USERNAME.test(login)) return null;
      try {
        const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: login }));
        const sub = out.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
        if (!sub) return null;
        return { sub, login: out.Username ?? login, enabled: out.Enabled ?? false, status: out.UserStatus ?? 'UNKNOWN' };
      } catch (error) {
        if ((error as Error).name === 'UserNotFoundException') return null;
        throw error;
      }
    },
  };
}
