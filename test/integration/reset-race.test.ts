import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/stack';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { SMALL_PDF } from '../helpers/form-scan';
import { eventually, firstSignInChallenge, localClients, scanTable, signIn } from '../helpers/local-clients';
import { grantByLogin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack, smsOutbox } from '../helpers/profile-stack';
import { russianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #5, "must show": two approvals of the same two-person request at once (ru-moscow sets
 * `resetApproval: two-person`) → one password, one SMS, one 200 and one 409. Real DynamoDB Local:
 * the conditional claim `approved → consuming` is what lets only one through.
 * Issue #16, on the same stack (ru-moscow also sets `resetFormScan: required`): the signed form's
 * scan uploaded through the presigned URL to the local S3 (fauxqs behind its CORS front),
 * confirmed, opened by the approver through a presigned GET; the attacks and limits.
 */

const MEMBER = russianRow(600, 'DEMO001');
const SCANNED = russianRow(601, 'DEMO001');

const PDF = SMALL_PDF;

let stack: ProfileStack;
let runtime: Runtime;
let api: ProfileStack['api'];
let db: ProfileStack['db'];

const memberByPhone = async (phone: string) => {
  const out = await db.send(
    new ScanCommand({
      TableName: runtime.resources.tables.directory,
      FilterExpression: 'sk = :m AND phone = :p',
      ExpressionAttributeValues: { ':m': 'MEMBER', ':p': phone },
    }),
  );
  return out.Items?.[0] as Json;
};
const textsTo = async (phone: string) => (await smsOutbox(runtime)).filter((s) => s.phoneNumber === phone);

/** An activated member with an account of their own (what activation leaves behind), imported by the operator. */
async function activatedMember(row: typeof MEMBER): Promise<Json> {
  const operator = await api.tokenOf('operator');
  expect((await api.runImport(operator, toCsv([row]))).counts).toMatchObject({ created: 1 });
  const member = await memberByPhone(row.phone);
  const { cognito } = localClients(runtime);
  const pool = runtime.resources.userPoolId;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: member.address, MessageAction: 'SUPPRESS' }));
  await cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: member.address, Password: 'Svoi-Parol-2027!', Permanent: true }),
  );
  await db.send(
    new UpdateCommand({
      TableName: runtime.resources.tables.directory,
      Key: { pk: `MEMBER#${member.memberId}`, sk: 'MEMBER' },
      UpdateExpression: 'SET #s = :s, accountCreatedAt = :at, activatedAt = :at, passwordChangedAt = :at',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':s': 'activated', ':at': yesterday },
    }),
  );
  return member;
}

const yesterday = new Date(Date.now() - 86_400_000).toISOString();

/** The officer files a two-person request for the member with a signed form numbered `number`. */
async function file(officer: string, memberId: string, number: string) {
  const filed = await api.call(officer, 'POST', '/v1/reset-requests', {
    memberId,
    form: { number, signedOn: yesterday.slice(0, 10), approverName: 'Иванова А. П.', approverTitle: 'Директор', archivedAt: 'Канцелярия' },
  });
  expect(filed).toMatchObject({ status: 201, body: { state: 'awaiting-approval', approval: 'two-person' } });
  return filed.body.requestId as string;
}

/** The officer's upload as the desk makes it: an upload URL for the file's type and size, the bytes PUT to it, then the confirmation. */
async function uploadScan(officer: string, requestId: string, bytes: Uint8Array, contentType = 'application/pdf') {
  const opened = await api.call(officer, 'POST', `/v1/reset-requests/${requestId}/form-scan/upload`, { contentType, size: bytes.length });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const put = await fetch(opened.body.upload.url, { method: 'PUT', headers: opened.body.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  return api.call(officer, 'POST', `/v1/reset-requests/${requestId}/form-scan/confirm`);
}

beforeAll(async () => {
  stack = await profileStack('ru-moscow');
  ({ runtime, api, db } = stack);
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('delegated reset, two-person approval race (ru-moscow)', () => {
  it('two approvals at once: exactly one password set, one SMS, one 200 and one 409', async () => {
    const member = await activatedMember(MEMBER);
    const { cognito } = localClients(runtime);
    const pool = runtime.resources.userPoolId;
    const officer = await api.tokenOf('officer');
    const requestId = await file(officer, member.memberId, '17/2026');
    const filed = { body: { requestId } };
    expect(await textsTo(MEMBER.phone)).toHaveLength(0);
    // ru-moscow approves on the signed form's scan.
    expect((await uploadScan(officer, requestId, PDF)).status).toBe(200);

    // The filing officer cannot approve; the officer role may not call the route at all.
    expect((await api.call(officer, 'POST', `/v1/reset-requests/${filed.body.requestId}/approve`)).status).toBe(403);

    const approver = await api.tokenOf('approver');
    const path = `/v1/reset-requests/${filed.body.requestId}/approve`;
    const answers = await Promise.all([api.call(approver, 'POST', path), api.call(approver, 'POST', path)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers.find((a) => a.status === 200) as { body: Json };
    expect(won.body).toMatchObject({ state: 'done', smsDelivered: true });
    expect(answers.find((a) => a.status === 409)?.body.code).toMatch(/^(already_consumed|already_decided)$/);

    // Exactly one SMS (both answers are in and the queues drained, so a late second one would show), and its password works.
    await drained(runtime);
    const texts = await eventually(
      () => textsTo(MEMBER.phone),
      (l) => l.length >= 1,
    );
    expect(texts).toHaveLength(1);
    const password = /: (\S+)$/.exec(texts[0]?.message ?? '')?.[1] ?? '';
    await firstSignInChallenge(runtime, member.address, password);
    expect((await cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: member.address }))).UserStatus).toBe(
      'FORCE_CHANGE_PASSWORD',
    );

    // One password set: one reset in the audit trail, one temporary-password time on the member.
    const audit = await scanTable(db, runtime.resources.tables.audit);
    expect(audit.filter((r) => r.action === 'password.reset-by-institution')).toHaveLength(1);
    expect((await memberByPhone(MEMBER.phone)).temporaryPasswordSetAt).toBe(won.body.completedAt);
    expect(JSON.stringify([answers, audit])).not.toContain(password);
  }, 120_000);
});

describe('the signed form’s scan (ru-moscow: required before approval)', () => {
  it('officer uploads through the presigned URL and confirms; the approver downloads the same bytes; limits, types and other institutions refused', async () => {
    const member = await activatedMember(SCANNED);
    const operator = await api.tokenOf('operator');
    const officer = await api.tokenOf('officer');
    const approver = await api.tokenOf('approver');
    // Another institution's officer and approver: roles the operator grants through the API.
    const elsewhere = stack.demoUsers.find((u) => u.role === 'school-admin') as { login: string; password: string };
    await grantByLogin(stack, operator, elsewhere.login, { role: 'approver', institutionCode: 'OTHER001' });
    await grantByLogin(stack, operator, elsewhere.login, { role: 'officer', institutionCode: 'OTHER001' });
    const stranger = await signIn(runtime, elsewhere.login, elsewhere.password);

    const requestId = await file(officer, member.memberId, 'СК-2026/5');
    const scanPath = `/v1/reset-requests/${requestId}/form-scan`;
    // Required: no approval on a form nobody has seen.
    expect((await api.call(approver, 'POST', `/v1/reset-requests/${requestId}/approve`)).body).toMatchObject({
      status: 409,
      code: 'form_scan_required',
    });
    expect((await api.call(approver, 'GET', scanPath)).body).toMatchObject({ status: 404, code: 'form_scan_not_found' });
    // Only PDF, PNG and JPEG; nothing uploaded yet.
    const html = await api.call(officer, 'POST', `${scanPath}/upload`, { contentType: 'text/html', size: 100 });
    expect(html.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: 'body.contentType' })],
    });
    expect((await api.call(officer, 'POST', `${scanPath}/confirm`)).body).toMatchObject({ status: 409, code: 'form_scan_upload_missing' });
    // The other institution's officer and approver: 403, whatever they try.
    expect((await api.call(stranger, 'POST', `${scanPath}/upload`, { contentType: 'application/pdf', size: 100 })).body.code).toBe(
      'institution_out_of_scope',
    );
    // Their confirmation too: refused on the institution before the request's state is looked at (not the 409 above).
    expect((await api.call(stranger, 'POST', `${scanPath}/confirm`)).body).toMatchObject({ status: 403, code: 'institution_out_of_scope' });
    // The own institution's approver reads the scan but never uploads one; staff have no part in it.
    expect((await api.call(approver, 'POST', `${scanPath}/upload`, { contentType: 'application/pdf', size: 100 })).body).toMatchObject({
      status: 403,
      code: 'role_not_allowed',
    });
    const staff = await api.tokenOf('staff');
    for (const [method, path] of [
      ['GET', scanPath],
      ['POST', `${scanPath}/confirm`],
    ] as const) {
      expect((await api.call(staff, method, path)).status, `${method} ${path}`).toBe(403);
    }
    // A request id that is not one: a 400 naming the path parameter, before anything is read.
    expect((await api.call(approver, 'GET', '/v1/reset-requests/not-a-request/form-scan')).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'path.requestId' })],
    });

    // A page uploaded as a PNG: the stored bytes are not one (PNG signature), so it is refused and deleted.
    const page = await uploadScan(officer, requestId, new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'image/png');
    expect(page).toMatchObject({ status: 415, body: { code: 'form_scan_type_unsupported' } });
    // A 20 MB file: refused before any URL is signed.
    const claimed = await api.call(officer, 'POST', `${scanPath}/upload`, { contentType: 'application/pdf', size: 20 * 1024 * 1024 });
    expect(claimed.body).toMatchObject({ status: 413, code: 'form_scan_too_large' });
    // A file larger than the size signed for: S3 refuses the PUT (the signature binds the length); fauxqs
    // checks no signature and takes it (up to its 11 MiB body limit), so the confirmation's own check refuses it.
    const small = await api.call(officer, 'POST', `${scanPath}/upload`, { contentType: 'application/pdf', size: PDF.length });
    const oversized = new Uint8Array(10.5 * 1024 * 1024);
    oversized.set(PDF);
    const put = await fetch(small.body.upload.url, { method: 'PUT', headers: small.body.upload.headers, body: oversized });
    if (put.status === 200) {
      expect((await api.call(officer, 'POST', `${scanPath}/confirm`)).body).toMatchObject({ status: 413, code: 'form_scan_too_large' });
    } else expect(put.status).toBe(403);

    const confirmed = await uploadScan(officer, requestId, PDF);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.form.scan).toEqual({ contentType: 'application/pdf', size: PDF.length, uploadedAt: expect.any(String) });
    expect(JSON.stringify(confirmed.body)).not.toMatch(/https?:/);

    // Another institution's approver (and officer) cannot open it.
    expect((await api.call(stranger, 'GET', scanPath)).body).toMatchObject({ status: 403, code: 'institution_out_of_scope' });
    // The approver opens it: the very bytes, as a PDF shown inline.
    const link = await api.call(approver, 'GET', scanPath);
    expect(link.body).toMatchObject({ requestId, contentType: 'application/pdf', size: PDF.length });
    const download = await fetch(link.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

    expect((await api.call(approver, 'POST', `/v1/reset-requests/${requestId}/approve`)).body).toMatchObject({ state: 'done' });
    const audit = (await scanTable(db, runtime.resources.tables.audit)).filter((r) => r.target === requestId);
    expect(audit.map((r) => `${r.action} ${r.outcome}`)).toEqual(
      expect.arrayContaining([
        'reset-request.form-scan-attached success',
        'reset-request.form-scan-viewed success',
        'reset-request.form-scan.upload refused',
        'reset-request.form-scan.view refused',
      ]),
    );
    // The trail says a scan was viewed, never where: no presigned URL or signature in any record.
    expect(JSON.stringify(audit)).not.toMatch(/https?:|X-Amz-|Signature=/);
  }, 120_000);
});
