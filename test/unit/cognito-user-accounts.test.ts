import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognitoUserAccounts } from '../../shared/lookups/cognito-user-accounts';

/**
 * A stand-in for the pool that validates `Username` as Cognito does (AdminGetUser: length 1–128,
 * pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`) and knows one user: what reached it is recorded.
 */
function pool() {
  const asked: string[] = [];
  const client = {
    async send(command: { input: { Username: string } }) {
      const name = command.input.Username;
      asked.push(name);
      if (!/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(name)) {
        throw Object.assign(new Error('1 validation error detected: Value at username failed to satisfy constraint'), {
          name: 'InvalidParameterException',
        });
      }
      if (name !== 'ada@posta.istruzione.it') throw Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });
      return { Username: name, Enabled: true, UserStatus: 'CONFIRMED', UserAttributes: [{ Name: 'sub', Value: 'sub-ada' }] };
    },
  } as unknown as CognitoIdentityProviderClient;
  return { users: cognitoUserAccounts(client, 'pool'), asked };
}

describe('the pool adapter by login', () => {
  it('finds a user by login; an unknown login is null', async () => {
    const { users } = pool();
    expect(await users.byLogin('ada@posta.istruzione.it')).toMatchObject({ sub: 'sub-ada', enabled: true });
    expect(await users.byLogin('nobody@posta.istruzione.it')).toBeNull();
  });

  it('a login no username can be (a space, a control character, over 128 characters) is nobody’s, without asking the pool', async () => {
    const { users, asked } = pool();
    for (const login of ['a b@posta.istruzione.it', 'a\tb@x', `${'a'.repeat(120)}@posta.it`]) {
      expect(await users.byLogin(login), JSON.stringify(login)).toBeNull();
    }
    expect(asked).toEqual([]);
    // 128 characters is still a username.
    expect(await users.byLogin(`${'a'.repeat(119)}@posta.it`)).toBeNull();
    expect(asked).toHaveLength(1);
  });
});
