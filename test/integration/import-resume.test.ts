import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { eventually, localDb } from '../helpers/local-clients';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport, registerInstitutions } = apiClient(runtime, demoUsers);

describe('POST /v1/imports/{jobId}/resume (operators)', () => {
  it('resuming a running import is safe: the chunk runs again to no effect, the counts stay right, audited', async () => {
    const operator = await tokenOf('operator');
    const rows = Array.from({ length: 40 }, (_, i) => italianRow(60_000 + i, 'RESU0001'));
    await registerInstitutions(['RESU0001']);
    const created = await call(operator, 'POST', '/v1/imports', { format: 'csv' });
    const { jobId, upload } = created.body;
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: toCsv(rows) })).status).toBe(200);
    expect((await call(operator, 'POST', `/v1/imports/${jobId}/start`)).status).toBe(202);
    const resumed = await call(operator, 'POST', `/v1/imports/${jobId}/resume`);
    // Still queued or running (or, on a fast machine, already done: then 409).
    if (resumed.status === 202)
      expect(resumed.body).toEqual({ jobId, state: expect.stringMatching(/^(queued|running)$/), resumedFromRow: 1 });
    else expect(resumed.body.code).toBe('import_not_resumable');
    const job = await eventually(
      async () => (await call(operator, 'GET', `/v1/imports/${jobId}`)).body,
      (j) => j.state === 'completed',
      60_000,
    );
    await drained(runtime, ['import']);
    expect((await call(operator, 'GET', `/v1/imports/${jobId}`)).body).toMatchObject({
      state: 'completed',
      // When it last moved, recorded with its counts; a finished import is never stalled.
      progressedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      stalled: false,
      failure: null,
      counts: { rows: 40, processed: 40, created: 40, rejected: 0 },
    });
    expect(job.counts.created).toBe(40);
    expect((await call(operator, 'GET', '/v1/institutions/RESU0001/progress')).body).toMatchObject({ pending: 40 });
    if (resumed.status === 202) {
      const db = localDb(runtime);
      const { Items } = await db.send(
        new QueryCommand({
          TableName: runtime.resources.tables.audit,
          IndexName: 'byTarget',
          KeyConditionExpression: 'target = :t',
          ExpressionAttributeValues: { ':t': jobId },
        }),
      );
      db.destroy();
      expect(Items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'import.resumed', outcome: 'success' })]));
    }
  }, 120_000);

  it('refuses a finished import (409), a bad id (400), an unknown one (404), and anyone but an operator (403)', async () => {
    const operator = await tokenOf('operator');
    const done = await runImport(operator, toCsv([italianRow(60_100, 'RESU0002')]));
    expect(done.state).toBe('completed');
    expect(await call(operator, 'POST', `/v1/imports/${done.jobId}/resume`)).toMatchObject({
      status: 409,
      body: { code: 'import_not_resumable' },
    });
    expect(await call(operator, 'POST', '/v1/imports/not-a-job/resume')).toMatchObject({ status: 400, body: { field: 'path.jobId' } });
    expect((await call(operator, 'POST', '/v1/imports/00000000-0000-4000-8000-000000000000/resume')).status).toBe(404);
    for (const role of ['school-admin', 'staff'] as const) {
      expect((await call(await tokenOf(role), 'POST', `/v1/imports/${done.jobId}/resume`)).status).toBe(403);
    }
  }, 120_000);
});
