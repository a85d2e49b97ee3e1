import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { codiceFiscaleCheckChar } from '../../shared/staff/national-id/codice-fiscale';
import { apiClient } from '../helpers/api-client';
import { localDynamo, scanAll } from '../helpers/local-clients';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { api, tokenOf, call, runImport, importProblems } = apiClient(runtime, demoUsers);
/** Small pages, so paging is exercised too. */
const allProblems = (token: string, jobId: string) => importProblems(token, jobId, 7);

const birthDateCf = (() => {
  const first15 = 'BADDAT80A32H501';
  return first15 + codiceFiscaleCheckChar(first15);
})();

/** Twenty rejected rows, each with the code it must be rejected with. */
const BAD: Array<[number, (r: StaffRow) => StaffRow, string, string]> = [
  [
    3,
    (r) => ({ ...r, nationalId: `${r.nationalId.slice(0, 15)}${r.nationalId.endsWith('A') ? 'B' : 'A'}` }),
    'nationalId',
    'national_id_checksum',
  ],
  [50, (r) => ({ ...r, nationalId: birthDateCf }), 'nationalId', 'national_id_birth_date'],
  [97, (r) => ({ ...r, nationalId: 'ABC123' }), 'nationalId', 'national_id_format'],
  [120, (r) => ({ ...r, phone: '+39 12' }), 'phone', 'phone_invalid'],
  [150, (r) => ({ ...r, phone: '+39 06 1234 5678' }), 'phone', 'phone_not_mobile'],
  [201, (r) => ({ ...r, givenName: '' }), 'givenName', 'required'],
  [222, (r) => ({ ...r, category: 'janitor' }), 'category', 'category_invalid'],
  [260, (r) => ({ ...r, alternateEmail: 'not-an-email' }), 'alternateEmail', 'email_invalid'],
  [300, (r) => ({ ...r, alternateEmail: 'x@posta.istruzione.it' }), 'alternateEmail', 'alternate_email_domain'],
  [333, (r) => ({ ...r, locale: 'fr' }), 'locale', 'locale_invalid'],
  [404, (r) => ({ ...r, institutionCode: 'X!' }), 'institutionCode', 'institution_code_format'],
  [420, (r) => ({ ...r, oldAddress: 'mario@gmail.com' }), 'oldAddress', 'old_address_domain'],
  [480, (r) => ({ ...r, oldAddress: 'mario@' }), 'oldAddress', 'email_invalid'],
  [512, (r) => ({ ...r, familyName: 'x'.repeat(101) }), 'familyName', 'too_long'],
  [600, (r) => ({ ...r, nationalId: italianRow(10).nationalId }), 'nationalId', 'duplicate_in_file'],
  [640, (r) => ({ ...r, phone: italianRow(11).phone }), 'phone', 'duplicate_in_file'],
  [700, (r) => ({ ...r, oldAddress: italianRow(12).oldAddress }), 'oldAddress', 'duplicate_in_file'],
  [777, (r) => ({ ...r, familyName: 'Ro\u0007ssi' }), 'familyName', 'name_unsafe_characters'],
  [850, (r) => ({ ...r, phone: '' }), 'phone', 'required'],
  [999, (r) => ({ ...r, category: '' }), 'category', 'required'],
];

describe('staff import through the HTTP API (it-miur)', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => italianRow(i));
  for (const [i, change] of BAD) rows[i] = change(rows[i] as StaffRow);
  const csv = toCsv(rows);
  let operator: string;

  beforeAll(async () => {
    operator = await tokenOf('operator');
  });

  it('imports 980 good rows, rejects the 20 bad ones each with its own code, and lists them page by page', async () => {
    const job = await runImport(operator, csv);
    expect(job).toMatchObject({
      state: 'completed',
      failure: null,
      counts: { rows: 1000, processed: 1000, created: 980, updated: 0, unchanged: 0, rejected: 20 },
    });
    const problems = await allProblems(operator, job.jobId);
    expect(problems).toHaveLength(20);
    expect(problems.map((p) => [p.row, p.field, p.code])).toEqual(BAD.map(([i, , field, code]) => [i + 1, field, code]));
  }, 120_000);

  it('importing the same file again changes nothing', async () => {
    const job = await runImport(operator, csv);
    expect(job.counts).toMatchObject({ created: 0, updated: 0, unchanged: 980, rejected: 20 });
  }, 120_000);

  it('a changed row updates the member and the change is audited', async () => {
    const changed = rows.slice(5, 10).map((r, i) => (i === 2 ? { ...r, locale: 'en', category: 'administrative-technical' } : r));
    const job = await runImport(operator, toCsv(changed));
    expect(job.counts).toMatchObject({ rows: 5, created: 0, updated: 1, unchanged: 4, rejected: 0 });
    const audit = await localDynamo(runtime).send(
      new ScanCommand({
        TableName: runtime.resources.tables.audit,
        FilterExpression: '#a = :a',
        ExpressionAttributeNames: { '#a': 'action' },
        ExpressionAttributeValues: { ':a': { S: 'member.updated' } },
      }),
    );
    const record = audit.Items?.find((i) => i.details?.M?.importJobId?.S === job.jobId);
    expect(record?.details?.M?.fields?.L?.map((f) => f.S).sort()).toEqual(['category', 'locale']);
  }, 120_000);

  it('stores no national ID in clear anywhere in the tables', async () => {
    const everything = await scanAll(runtime);
    expect(everything).toContain(rows[0]?.nationalId.slice(-3)); // the last 3, for display
    for (const r of rows.slice(0, 200)) expect(everything).not.toContain(r.nationalId);
  }, 60_000);

  it('a JSON file imports the same way', async () => {
    const json = JSON.stringify([italianRow(5000), { ...italianRow(5001), phone: 'nope' }]);
    const job = await runImport(operator, json, 'json');
    expect(job.counts).toMatchObject({ rows: 2, created: 1, rejected: 1 });
  }, 60_000);

  it('a file without a required column fails whole, saying which', async () => {
    const job = await runImport(operator, 'givenName;familyName\nMario;Rossi\n');
    expect(job.state).toBe('failed');
    expect(job.failure.code).toBe('csv_missing_column');
  }, 60_000);

  it('a school admin imports only into their own institution (scope from the server, not the file)', async () => {
    const admin = await tokenOf('school-admin');
    const refused = await call(admin, 'POST', '/v1/imports', { format: 'csv', institutionCode: 'OTHER01' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('institution_out_of_scope');
    const job = await runImport(admin, toCsv([italianRow(6000), italianRow(6001, 'OTHER01')]));
    expect(job.institutionCode).toBe('DEMO001');
    expect(job.counts).toMatchObject({ created: 1, rejected: 1 });
    const problems = await allProblems(admin, job.jobId);
    expect(problems).toEqual([expect.objectContaining({ row: 2, field: 'institutionCode', code: 'institution_out_of_scope' })]);
    // An operator's import without an institution is not the school admin's to read.
    const operatorJob = await call(operator, 'POST', '/v1/imports', { format: 'csv' });
    expect((await call(admin, 'GET', `/v1/imports/${operatorJob.body.jobId}`)).status).toBe(403);
  }, 60_000);

  it('roles without import rights are refused with 403', async () => {
    const staff = await tokenOf('staff');
    const res = await call(staff, 'POST', '/v1/imports', { format: 'csv' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('role_not_allowed');
  });

  it('bad requests get a clear error: unknown format, bad job id, start before upload, start twice', async () => {
    const bad = await call(operator, 'POST', '/v1/imports', { format: 'xlsx' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.format');
    expect((await call(operator, 'GET', '/v1/imports/not-a-uuid')).body.field).toBe('path.jobId');
    expect((await call(operator, 'GET', '/v1/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const created = await call(operator, 'POST', '/v1/imports', { format: 'csv' });
    const early = await call(operator, 'POST', `/v1/imports/${created.body.jobId}/start`);
    expect(early).toMatchObject({ status: 409, body: { code: 'upload_missing' } });
    await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: toCsv([italianRow(7000)]) });
    expect((await call(operator, 'POST', `/v1/imports/${created.body.jobId}/start`)).status).toBe(202);
    expect((await call(operator, 'POST', `/v1/imports/${created.body.jobId}/start`)).body.code).toBe('import_already_started');
  });
  it('exports an institution’s members as formula-safe CSV with masked phones and no national ID', async () => {
    const rows = [{ ...italianRow(8000, 'CSVX0001'), givenName: '=HYPERLINK("http://evil","x")' }, italianRow(8001, 'CSVX0001')];
    await runImport(operator, toCsv(rows));
    const res = await fetch(`${api}/v1/institutions/CSVX0001/members.csv`, { headers: { authorization: `Bearer ${operator}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const r of rows) {
      expect(text).not.toContain(r.phone);
      expect(text).not.toContain(r.nationalId);
      expect(text).toContain(r.nationalId.slice(-3));
    }
    const admin = await tokenOf('school-admin');
    expect((await fetch(`${api}/v1/institutions/CSVX0001/members.csv`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(
      403,
    );
  }, 60_000);
});
