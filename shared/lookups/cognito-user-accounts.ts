import { AdminGetUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { UserAccounts } from './user-lookup';

/** The user pool adapter: `AdminGetUser` takes the username (the login) and returns the `sub` attribute. */
export function cognitoUserAccounts(cognito: CognitoIdentityProviderClient, userPoolId: string): UserAccounts {
  return {
    async byLogin(login) {
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
