import { describe, expect, it } from 'vitest';
import { hasRequiredScope } from '../../local/jwt';
import { USER_TOKEN_SCOPE } from '../../shared/catalog';
import { machineRoute } from '../../shared/http/machine-route';
import { context, httpEvent } from '../helpers/http-event';

type Result = { statusCode: number; body: string };
const route = machineRoute({ routeId: 'getForwarding' }, async ({ client }) => ({ status: 200, body: { client } }));
const call = async (claims?: Record<string, string>) => (await route(httpEvent({ claims }) as never, context as never)) as Result;

describe('machineRoute', () => {
  it('runs the core for a machine token carrying the route’s scope', async () => {
    const res = await call({ sub: 'router-client', client_id: 'router-client', token_use: 'access', scope: 'posta/forwarding.read' });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ client: { clientId: 'router-client' } });
  });

  it('refuses a staff user’s token (right pool, wrong scope) with 403 insufficient_scope', async () => {
    const res = await call({
      sub: 'u-1',
      client_id: 'portal',
      token_use: 'access',
      scope: USER_TOKEN_SCOPE,
      'cognito:groups': '[operator]',
    });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).code).toBe('insufficient_scope');
  });

  it('refuses a call without verified claims with 401', async () => {
    expect((await call()).statusCode).toBe(401);
  });

  it('only wraps machine routes of the catalog', () => {
    expect(() => machineRoute({ routeId: 'listLots' }, async () => ({ status: 200 }))).toThrow(/not a machine route/);
  });
});

describe('local authorizer scopes (as the CDK stack sets authorizationScopes)', () => {
  const machine = { auth: 'machine' as const, scopes: ['posta/forwarding.read' as const] };
  const jwt = { auth: 'jwt' as const };

  it('a machine route takes only tokens with its scope; a jwt route only signed-in users’ tokens', () => {
    expect(hasRequiredScope(machine, { scope: 'posta/forwarding.read' })).toBe(true);
    expect(hasRequiredScope(machine, { scope: USER_TOKEN_SCOPE })).toBe(false);
    expect(hasRequiredScope(machine, {})).toBe(false);
    expect(hasRequiredScope(jwt, { scope: USER_TOKEN_SCOPE })).toBe(true);
    expect(hasRequiredScope(jwt, { scope: 'posta/forwarding.read' })).toBe(false);
  });
});
