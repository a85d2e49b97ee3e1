import { expect } from 'vitest';
import type { DemoUser } from '../../local/seed';
import type { Runtime } from '../../local/stack';
import { signIn } from './local-clients';

// biome-ignore lint/suspicious/noExplicitAny: API answers are checked by the assertions themselves.
export type Json = Record<string, any>;

/** The HTTP API of a running local stack, called as a portal would. */
export function apiClient(runtime: Runtime, demoUsers: DemoUser[]) {
  const api = runtime.urls.api;

  async function tokenOf(role: string) {
    const user = demoUsers.find((u) => u.role === role);
    if (!user) throw new Error(`no demo ${role}`);
    return signIn(runtime, user.login, user.password);
  }

  async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** Opens an import, uploads the file to the presigned URL, starts it and waits for the end. */
  async function runImport(token: string, content: string, format: 'csv' | 'json' = 'csv', institutionCode?: string) {
    const created = await call(token, 'POST', '/v1/imports', { format, ...(institutionCode && { institutionCode }) });
    expect(created.status).toBe(201);
    const { jobId, upload } = created.body;
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content });
    expect(put.status).toBe(200);
    const started = await call(token, 'POST', `/v1/imports/${jobId}/start`);
    expect(started.status).toBe(202);
    let job = (await call(token, 'GET', `/v1/imports/${jobId}`)).body;
    for (let i = 0; i < 600 && !['completed', 'failed'].includes(job.state); i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await call(token, 'GET', `/v1/imports/${jobId}`)).body;
    }
    return job;
  }

  return { api, tokenOf, call, runImport };
}
