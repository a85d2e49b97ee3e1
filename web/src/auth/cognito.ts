import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ConsoleConfig } from '../config';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

export type SignInResult =
  | { kind: 'signed-in'; tokens: Tokens }
  /** A temporary password: Cognito wants a new one before it gives tokens (NEW_PASSWORD_REQUIRED). */
  | { kind: 'new-password-required'; session: string };

/**
 * Cognito's public user-pool API through the official SDK (no AWS credentials: these calls are
 * unauthenticated by design, identified by the app client id). The same code talks to the cloud
 * pool and, locally, to cognito-local (`cognitoEndpoint`).
 */
export function cognitoAuth(config: Pick<ConsoleConfig, 'region' | 'userPoolClientId' | 'cognitoEndpoint'>) {
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    ...(config.cognitoEndpoint && { endpoint: config.cognitoEndpoint }),
  });
  const ClientId = config.userPoolClientId;

  const tokensOf = (result: { AccessToken?: string; RefreshToken?: string; ExpiresIn?: number } | undefined, refreshToken?: string) => {
    if (!result?.AccessToken) throw Object.assign(new Error('Cognito returned no tokens'), { name: 'NoTokensError' });
    return {
      accessToken: result.AccessToken,
      refreshToken: result.RefreshToken ?? refreshToken ?? '',
      expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
    };
  };

  return {
    async signIn(login: string, password: string): Promise<SignInResult> {
      const out = await client.send(
        new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: login, PASSWORD: password } }),
      );
      if (out.ChallengeName === 'NEW_PASSWORD_REQUIRED' && out.Session) return { kind: 'new-password-required', session: out.Session };
      if (out.ChallengeName) throw Object.assign(new Error(`Unsupported challenge ${out.ChallengeName}`), { name: 'UnsupportedChallenge' });
      return { kind: 'signed-in', tokens: tokensOf(out.AuthenticationResult) };
    },

    async completeNewPassword(login: string, session: string, newPassword: string): Promise<Tokens> {
      const out = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: { USERNAME: login, NEW_PASSWORD: newPassword },
        }),
      );
      return tokensOf(out.AuthenticationResult);
    },

    async refresh(refreshToken: string): Promise<Tokens> {
      const out = await client.send(
        new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }),
      );
      return tokensOf(out.AuthenticationResult, refreshToken);
    },

    /** Ends the refresh token's life at Cognito; the local copy is dropped whatever the answer. */
    async revoke(refreshToken: string): Promise<void> {
      await client.send(new RevokeTokenCommand({ ClientId, Token: refreshToken })).catch(() => undefined);
    },
  };
}

export type CognitoAuth = ReturnType<typeof cognitoAuth>;
