import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export interface Directory {
  /** Creates the sign-in account; an account that already exists is left as it is. */
  createUser(username: string, attributes: Record<string, string>): Promise<'created' | 'existed'>;
  /** Sets a password the user must replace at first sign-in (NEW_PASSWORD_REQUIRED). */
  setTemporaryPassword(username: string, password: string): Promise<void>;
}

export function cognitoDirectory(cognito: CognitoIdentityProviderClient, userPoolId: string): Directory {
  return {
    async createUser(username, attributes) {
      try {
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            // Posta sends its own localized notices; Cognito's invitation email stays off.
            MessageAction: 'SUPPRESS',
            UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
          }),
        );
        return 'created';
      } catch (error) {
        if ((error as Error).name === 'UsernameExistsException') return 'existed';
        throw error;
      }
    },
    async setTemporaryPassword(username, password) {
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: false }),
      );
    },
  };
}
