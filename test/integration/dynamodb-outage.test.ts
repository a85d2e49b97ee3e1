import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('/health turns from 200 into 503 problem+json that says nothing internal', async () => {
    const api = stack.runtime.urls.api;
    expect((await fetch(`${api}/health`)).status).toBe(200);
    process.kill(stack.runtime.pids.dynamodb ?? 0, 'SIGKILL');
    const res = await eventually(
      () => fetch(`${api}/health`),
      (r) => r.status !== 200,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 503, code: 'dependency_unavailable' });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
  }, 60_000);
});
