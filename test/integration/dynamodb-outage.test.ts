import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api-client';
import { eventually } from '../helpers/local-clients';
import { type StackProcess, startStackProcess } from '../helpers/stack-process';

/** Proves the integration path really goes through DynamoDB Local: stop it and calls fail. */
describe('when DynamoDB Local stops', () => {
  let stack: StackProcess;
  beforeAll(async () => {
    stack = await startStackProcess('tr-meb');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('/health and business routes turn into 503 problem+json with Retry-After that says nothing internal', async () => {
    const api = stack.runtime.urls.api;
    const client = apiClient(stack.runtime, stack.demoUsers);
    // Signed in while the table answers (the sign-in trigger writes to it).
    const operator = await client.tokenOf('operator');
    expect((await fetch(`${api}/health`)).status).toBe(200);
    expect((await client.call(operator, 'GET', '/v1/lots')).status).toBe(200);
    process.kill(stack.runtime.pids.dynamodb ?? 0, 'SIGKILL');
    const health = await eventually(
      () => fetch(`${api}/health`),
      (r) => r.status !== 200,
    );
    // A staff route (the caller's scope is read from the table) and a public one that writes to it.
    const lots = await fetch(`${api}/v1/lots`, { headers: { authorization: `Bearer ${operator}` } });
    const lateRequest = await fetch(`${api}/v1/late-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        givenName: 'Ayşe',
        familyName: 'Yılmaz',
        nationalId: '10000000146',
        phone: '+905321234567',
        institutionCode: 'DEMO001',
        category: 'teacher',
      }),
    });
    for (const res of [health, lots, lateRequest]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await res.json();
      expect(body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    }
  }, 60_000);
});
