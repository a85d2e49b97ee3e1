import {
  AssociateSoftwareTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api-client';
import { localClients } from '../helpers/local-clients';
import { type StackProcess, startStackProcess } from '../helpers/stack-process';
import { totp } from '../helpers/totp';

/**
 * Privileged roles need a TOTP second factor, as in the cloud (`npm start -- --mfa`): the API
 * refuses their calls until the user has an authenticator app, and Cognito asks for its code at
 * every sign-in from then on. A stack of its own: the shared one keeps MFA off for the demo users.
 */
describe('TOTP second factor for privileged roles', () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStackProcess('tr-meb', { args: ['--mfa'] });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('an operator without TOTP is refused (audited); after enrolling, sign-in asks for the code and the call goes through', async () => {
    const { call, tokenOf } = apiClient(stack.runtime, stack.demoUsers);
    const { cognito } = localClients(stack.runtime);
    const operator = stack.demoUsers.find((u) => u.role === 'operator');
    if (!operator) throw new Error('no demo operator');

    // Password only: their own account is theirs to see, the deployment's lots are not.
    const passwordOnly = await tokenOf('operator');
    expect((await call(passwordOnly, 'GET', '/v1/me')).status).toBe(200);
    const refused = await call(passwordOnly, 'GET', '/v1/lots');
    expect(refused).toMatchObject({ status: 403, body: { code: 'mfa_required' } });
    // Staff need no second factor.
    expect((await call(await tokenOf('staff'), 'GET', '/v1/me')).status).toBe(200);

    // The operator sets up an authenticator app with Cognito's own calls and their token.
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: passwordOnly }));
    const secret = SecretCode ?? '';
    await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: passwordOnly, UserCode: totp(secret) }));
    await cognito.send(
      new SetUserMFAPreferenceCommand({ AccessToken: passwordOnly, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );

    // From now on the password alone does not sign in: Cognito asks for the code.
    const clientId = stack.runtime.resources.userPoolClientId;
    const first = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: operator.login, PASSWORD: operator.password },
      }),
    );
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    await expect(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: first.Session,
          ChallengeResponses: { USERNAME: operator.login, SOFTWARE_TOKEN_MFA_CODE: '000000' === totp(secret) ? '111111' : '000000' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const second = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: operator.login, PASSWORD: operator.password },
      }),
    );
    const signedIn = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: second.Session,
        ChallengeResponses: { USERNAME: operator.login, SOFTWARE_TOKEN_MFA_CODE: totp(secret) },
      }),
    );
    const withTotp = signedIn.AuthenticationResult?.AccessToken ?? '';
    expect((await call(withTotp, 'GET', '/v1/lots')).status).toBe(200);

    // The refusal is on the record, under the operator's identity.
    const trail = await call(withTotp, 'GET', `/v1/audit?actor=${operator.sub}&limit=50`);
    expect(trail.body.items).toContainEqual(expect.objectContaining({ outcome: 'refused', reason: 'mfa_required', target: 'listLots' }));
  }, 120_000);
});
