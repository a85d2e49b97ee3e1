import { describe, expect, it } from 'vitest';
import { parseGroups, principalFrom } from '../../shared/http/principal';

describe('principal from JWT claims', () => {
  it('reads groups both as HTTP API flattens them and as real arrays, dropping unknown groups', () => {
    expect(parseGroups('[staff operator]')).toEqual(['staff', 'operator']);
    expect(parseGroups(['support', 'admins'])).toEqual(['support']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('has no principal without a verified subject', () => {
    expect(principalFrom({})).toBeNull();
    expect(
      principalFrom({
        requestContext: { authorizer: { jwt: { claims: { sub: 'u1', username: 'a@b.it', 'cognito:groups': '[officer]' }, scopes: [] } } },
      } as never),
    ).toEqual({
      sub: 'u1',
      login: 'a@b.it',
      roles: ['officer'],
    });
  });
});
