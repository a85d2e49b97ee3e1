import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, type Json } from '../helpers/api-client';
import { eventually } from '../helpers/local-clients';
import { launchMoment, untilPast } from '../helpers/profile-stack';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { api, tokenOf, call, runImport } = apiClient(runtime, demoUsers);

const runJob = (name: string, at: string) =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
    cwd: ROOT,
  });

/** The mail router's token request: client credentials with HTTP Basic, as against Cognito's domain. */
const machineToken = (clientId: string, secret: string, scope?: string) =>
  fetch(runtime.urls.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope && { scope }) }),
  });

const get = async (token: string | null, path: string) => {
  const res = await fetch(`${api}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe('forwarding routes for the mail router (it-miur)', () => {
  const launched = Array.from({ length: 4 }, (_, i) => italianRow(43_000 + i, 'FWDA0001'));
  const waiting = italianRow(43_100, 'FWDB0001');
  const newAddress = (old: string) => old.replace('@istruzione.it', '@posta.istruzione.it');
  let machine: string;

  beforeAll(async () => {
    const operator = await tokenOf('operator');
    const job = await runImport(operator, toCsv([...launched, waiting]));
    expect(job.counts.created).toBe(5);
    const lot = await call(operator, 'POST', '/v1/lots', {
      name: 'Inoltro',
      launchAt: launchMoment(),
      selection: { kind: 'institutions', institutionCodes: ['FWDA0001'] },
    });
    expect(lot.body.memberCount).toBe(4);
    // Launched as of its time once that has come: the test goes on in real time.
    await untilPast(lot.body.launchAt);
    await runJob('launch-lots', lot.body.launchAt);
  }, 120_000);

  it('the local token endpoint issues a client-credentials token to the machine client, and only to it', async () => {
    const { machineClientId, machineClientSecret } = runtime.resources;
    // The mail router asks for the forwarding scope only (with no scope, Cognito grants all the client's).
    const res = await machineToken(machineClientId, machineClientSecret, 'posta/forwarding.read');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      token_use: 'access',
      client_id: machineClientId,
      scope: 'posta/forwarding.read',
      iss: `${runtime.urls.cognito}/${runtime.resources.userPoolId}`,
    });
    machine = body.access_token;

    expect((await machineToken(machineClientId, 'wrong-secret')).status).toBe(401);
    expect((await machineToken(runtime.resources.userPoolClientId, '')).status).toBe(401); // the portal client has no secret
    expect(await (await machineToken(machineClientId, machineClientSecret, 'posta/everything')).json()).toEqual({ error: 'invalid_scope' });
  });

  it('resolves each launched member’s old address to the new one, until account creation + 180 days', async () => {
    const answers = await eventually(
      () => Promise.all(launched.map((r) => call(machine, 'GET', `/v1/forwarding/${encodeURIComponent(r.oldAddress)}`))),
      (all) => all.every((a) => a.status === 200),
      60_000,
    );
    for (const [i, r] of launched.entries()) {
      expect(answers[i]?.body).toEqual({ from: r.oldAddress, to: newAddress(r.oldAddress), until: expect.any(String) });
      const days = (new Date(answers[i]?.body.until).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(179.9);
      expect(days).toBeLessThanOrEqual(180);
    }
    // The domain's case does not matter.
    const upper = launched[0]?.oldAddress.replace('istruzione.it', 'ISTRUZIONE.IT') ?? '';
    expect((await call(machine, 'GET', `/v1/forwarding/${encodeURIComponent(upper)}`)).body.to).toBe(
      newAddress(launched[0]?.oldAddress ?? ''),
    );
  }, 90_000);

  it('answers the same 404 for a member not launched yet and for an unknown address', async () => {
    for (const address of [waiting.oldAddress, 'nessuno.mai@istruzione.it', 'mario.rossi@example.org']) {
      const res = await call(machine, 'GET', `/v1/forwarding/${encodeURIComponent(address)}`);
      expect(res, address).toMatchObject({ status: 404, body: { code: 'forwarding_not_found' } });
    }
    expect((await call(machine, 'GET', '/v1/forwarding/not-an-address')).status).toBe(400);
  });

  it('exports every open forwarding in pages (JSON) and as CSV', async () => {
    const seen: Json[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await call(machine, 'GET', `/v1/forwarding?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    const froms = seen.map((f) => f.from);
    expect(new Set(froms).size).toBe(froms.length); // no pair twice across pages
    for (const r of launched) expect(seen).toContainEqual({ from: r.oldAddress, to: newAddress(r.oldAddress), until: expect.any(String) });
    expect(froms).not.toContain(waiting.oldAddress);

    const csv = await get(machine, '/v1/forwarding.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('from,to,until');
    for (const r of launched) expect(lines.some((l) => l.startsWith(`${r.oldAddress},${newAddress(r.oldAddress)},`))).toBe(true);
  });

  it('takes only machine tokens with the scope: staff tokens get 403, no token 401; machine tokens open no staff route', async () => {
    const path = `/v1/forwarding/${encodeURIComponent(launched[0]?.oldAddress ?? '')}`;
    for (const role of ['operator', 'staff']) {
      const res = await call(await tokenOf(role), 'GET', path);
      expect(res, role).toMatchObject({ status: 403, body: { code: 'insufficient_scope' } });
      expect((await get(await tokenOf(role), '/v1/forwarding')).status, role).toBe(403);
    }
    const anonymous = await get(null, path);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text).code).toBe('unauthorized');
    expect((await get(null, '/v1/forwarding.csv')).status).toBe(401);
    expect((await get('not.a.token', path)).status).toBe(401);
    // The other way round: the mail router's token is no staff login.
    expect((await call(machine, 'GET', '/v1/lots')).status).toBe(403);
    expect((await call(machine, 'GET', '/v1/me')).status).toBe(403);
  });
});
