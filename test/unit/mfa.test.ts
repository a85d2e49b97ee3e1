import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/catalog';
import { cognitoTotpCheck, MFA_ROLES, needsMfa, requireMfa } from '../../shared/identity/mfa';

const route = (id: string) => {
  const def = ROUTES.find((r) => r.id === id);
  if (!def) throw new Error(id);
  return def;
};

describe('TOTP required of privileged roles', () => {
  it.each([
    ['fileResetRequest', ['officer'], true],
    ['listLots', ['operator'], true],
    ['sendActivationNotices', ['school-admin'], true],
    ['supportVerifyCode', ['support'], true],
    ['approveResetRequest', ['approver'], true],
    // Their own account needs no second factor (so they can still read it and change their password).
    ['getMe', ['operator'], false],
    ['changeMyPassword', ['school-admin'], false],
    // Unprivileged roles never need one.
    ['createGroup', ['moderator'], false],
    ['requestToJoinGroup', ['staff'], false],
    // A moderator who is also a support agent manages lists as a moderator.
    ['createGroup', ['moderator', 'support'], false],
    // A role the route does not admit does not make it privileged.
    ['listLots', ['staff'], false],
  ])('%s as %j: %s', (id, roles, expected) => {
    expect(needsMfa(route(id), roles)).toBe(expected);
  });

  it('names exactly the roles that reset passwords, decide for an institution or run the deployment', () => {
    expect([...MFA_ROLES].sort()).toEqual(['approver', 'officer', 'operator', 'school-admin', 'support']);
  });

  it('refuses with 403 mfa_required without an active TOTP factor, or without a token at all', async () => {
    const refused = expect.objectContaining({ status: 403, code: 'mfa_required' });
    await expect(requireMfa(route('listLots'), ['operator'], 'token', async () => false)).rejects.toEqual(refused);
    await expect(requireMfa(route('listLots'), ['operator'], null, async () => true)).rejects.toEqual(refused);
    await expect(requireMfa(route('listLots'), ['operator'], 'token', async () => true)).resolves.toBeUndefined();
    await expect(requireMfa(route('getMe'), ['operator'], 'token', async () => false)).resolves.toBeUndefined();
  });

  it('asks Cognito (GetUser with the caller’s token) once per token for a few minutes', async () => {
    const client = new CognitoIdentityProviderClient({ region: 'eu-south-1' });
    const mock = mockClient(client);
    mock
      .on(GetUserCommand, { AccessToken: 'with' })
      .resolves({ Username: 'a', UserAttributes: [], UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    mock.on(GetUserCommand, { AccessToken: 'without' }).resolves({ Username: 'b', UserAttributes: [], UserMFASettingList: [] });
    let now = 0;
    const check = cognitoTotpCheck(client, 60_000, () => now);
    expect(await check('with')).toBe(true);
    expect(await check('with')).toBe(true);
    expect(await check('without')).toBe(false);
    expect(mock.commandCalls(GetUserCommand)).toHaveLength(2);
    now = 61_000;
    expect(await check('with')).toBe(true);
    expect(mock.commandCalls(GetUserCommand)).toHaveLength(3);
    mock.restore();
  });
});
