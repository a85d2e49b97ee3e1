import { expect } from 'vitest';
import type { DemoUser } from '../../local/seed';
import type { Runtime } from '../../local/stack';
import { readImportFile } from '../../shared/imports/read-import-file';
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

  /** Codes known to be in the registry: registered by the seed, by `registerInstitutions`, or listed. */
  const registered = new Set<string>();

  /**
   * Registers, as the operator does through `PUT /v1/institutions/{code}`, the institutions not
   * yet in the registry (an existing entry is left as it is: its region may scope support agents).
   * Codes the profile refuses are left out: the rows naming them are what such a test is about.
   */
  async function registerInstitutions(codes: Iterable<string>) {
    const missing = [...new Set(codes)].filter((c) => !registered.has(c));
    if (missing.length === 0) return;
    const operator = await tokenOf('operator');
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await call(operator, 'GET', `/v1/institutions?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const i of page.body.items) registered.add(i.code);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const code of missing.filter((c) => !registered.has(c))) {
      const res = await call(operator, 'PUT', `/v1/institutions/${encodeURIComponent(code)}`, { name: `Test school ${code}` });
      if (res.status === 201 || res.status === 200) registered.add(code);
    }
  }

  /**
   * Opens an import, uploads the file to the presigned URL, starts it and waits for the end. The
   * institutions the file names are registered first, as an operator does before a first import
   * (`options.register: false` leaves them as they are). `options` also takes the import's own
   * fields (`encoding`, `mapping`, `validateOnly`).
   */
  async function runImport(
    token: string,
    content: string | Uint8Array,
    format: 'csv' | 'json' = 'csv',
    institutionCode?: string,
    options: { register?: boolean; encoding?: string; mapping?: Json; validateOnly?: boolean } = {},
  ) {
    const { register = true, ...fields } = options;
    if (register && typeof content === 'string') {
      const file = readImportFile(format, content);
      if (file.ok) {
        await registerInstitutions(
          file.rows.flatMap((r) => (typeof r.values.institutionCode === 'string' ? [r.values.institutionCode.trim().toUpperCase()] : [])),
        );
      }
    }
    const created = await call(token, 'POST', '/v1/imports', { format, ...(institutionCode && { institutionCode }), ...fields });
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

  /** Every problem of an import, page after page (a small page size, so paging is exercised too). */
  async function importProblems(
    token: string,
    jobId: string,
    pageSize = 50,
  ): Promise<Array<{ row: number; field: string; code: string; message: string }>> {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await call(
        token,
        'GET',
        `/v1/imports/${jobId}/problems?limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items as Array<{ row: number; field: string; code: string; message: string }>;
  }

  return { api, tokenOf, call, runImport, registerInstitutions, importProblems };
}
