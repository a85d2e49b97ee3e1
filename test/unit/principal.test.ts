import { describe, expect, it } from 'vitest';
import { principalFrom } from '../../shared/http/principal';

describe('principal from JWT claims', () => {
  it('has no principal without a verified subject; the token’s groups are never read', () => {
    expect(principalFrom({})).toBeNull();
    expect(
      principalFrom({
        requestContext: { authorizer: { jwt: { claims: { sub: 'u1', username: 'a@b.it', 'cognito:groups': '[operator]' }, scopes: [] } } },
      } as never),
    ).toEqual({ sub: 'u1', login: 'a@b.it' });
  });
});
