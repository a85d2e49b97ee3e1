import { describe, expect, inject, it } from 'vitest';
import { signIn } from '../helpers/local-clients';

const { runtime, demoUsers } = inject('stack');
const api = runtime.urls.api;

describe('HTTP API on the local stack', () => {
  it('GET /health answers 200 with the profile and a reachable directory table', async () => {
    const res = await fetch(`${api}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', profile: 'it-miur', checks: { directory: 'ok' } });
  });

  it('GET /openapi.json serves the committed OpenAPI 3.1 document', async () => {
    const res = await fetch(`${api}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/v1/me']));
  });

  it('GET /v1/me without a token is 401 problem+json', async () => {
    const res = await fetch(`${api}/v1/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('GET /v1/me with a forged or tampered token is 401', async () => {
    const staff = demoUsers.find((u) => u.role === 'staff');
    if (!staff) throw new Error('no demo staff user');
    const token = await signIn(runtime, staff.login, staff.password);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['operator'] })).toString('base64url')}.${signature}`;
    for (const bad of ['not-a-jwt', forged]) {
      const res = await fetch(`${api}/v1/me`, { headers: { authorization: `Bearer ${bad}` } });
      expect(res.status).toBe(401);
    }
  });

  it('GET /v1/me with a local Cognito access token is 200 and names the caller and role', async () => {
    const admin = demoUsers.find((u) => u.role === 'school-admin');
    if (!admin) throw new Error('no demo school-admin');
    const token = await signIn(runtime, admin.login, admin.password);
    const res = await fetch(`${api}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      sub: admin.sub,
      login: admin.login,
      roles: ['school-admin'],
      // From the role store, not the token: where each role is held.
      assignments: [{ role: 'school-admin', institutionCode: 'DEMO001' }],
      profile: { id: 'it-miur', mailDomain: 'posta.istruzione.it', defaultLocale: 'it' },
      // A school admin's account is not a staff member's mailbox: no member record behind it.
      account: null,
      forwarding: null,
    });
  });

  it('GET /v1/profile is public and says what the console needs before sign-in', async () => {
    const res = await fetch(`${api}/v1/profile`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 'it-miur',
      mailDomain: 'posta.istruzione.it',
      defaultLocale: 'it',
      passwordPolicy: { minLength: 12 },
      flows: { activation: false, lateRequest: true, passwordReset: { channels: ['sms', 'email'] } },
    });
  });

  it('an unknown route is 404 problem+json with a stable code', async () => {
    const res = await fetch(`${api}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'route_not_found' });
  });
});
