import { AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { generatePassword } from '../../shared/identity/generate-password';
import { apiClient, type Json } from '../helpers/api-client';
import { localClients, localDb, scanTable, signIn } from '../helpers/local-clients';
import { italianRow } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call } = apiClient(runtime, demoUsers);
const db = localDb(runtime);

/** Public routes: no token at all. Every answer is kept for the canary. */
const answers: string[] = [];
async function publicCall(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${runtime.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: JSON.parse(text) as Json };
}
async function authed(token: string, method: string, path: string, body?: unknown) {
  const out = await call(token, method, path, body);
  answers.push(JSON.stringify(out.body));
  return out;
}

const smsTo = async (phone: string) =>
  (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
const codeIn = (sms: SmsRecord | undefined) => /: (\d{6})$/.exec(sms?.message ?? '')?.[1] ?? '';

/**
 * A school admin of another institution: an account in the pool (there is no API to create one),
 * its role granted through the API, as an operator does.
 */
async function otherSchoolAdmin(institution: string): Promise<string> {
  const { cognito } = localClients(runtime);
  const login = `other.admin.${institution.toLowerCase()}@posta.istruzione.it`;
  const password = generatePassword();
  const UserPoolId = runtime.resources.userPoolId;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: login, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: login, Password: password, Permanent: true }));
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: login }));
  const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
  const granted = await call(await tokenOf('operator'), 'PUT', `/v1/role-assignments/${sub}`, {
    role: 'school-admin',
    institutionCode: institution,
  });
  expect(granted.status).toBe(200);
  return signIn(runtime, login, password);
}

describe('late requests: SMS code, school-admin approval, next lot (it-miur)', () => {
  const { alternateEmail: _a, ...person } = italianRow(71_001, 'DEMO001');
  const codes: string[] = [];
  const statusTokens: string[] = [];
  let operator: string;
  let schoolAdmin: string;
  let requestId: string;
  let lot: Json;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    schoolAdmin = await tokenOf('school-admin');
    // The next scheduled lot: sooner than any other test's lots (which launch in an hour or later).
    const created = await authed(operator, 'POST', '/v1/lots', {
      name: 'Late joiners',
      launchAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      selection: { kind: 'institutions', institutionCodes: ['LATE0001'] },
    });
    expect(created.status).toBe(201);
    lot = created.body;
  }, 60_000);

  it('refuses bad data with the import codes, field by field, and sends nothing', async () => {
    const bad = await publicCall('POST', '/v1/late-requests', { ...person, nationalId: 'RSSMRA80A01H501X', phone: '+390612345678' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(['body.nationalId', 'body.phone']);
    expect(bad.body.errors[1].code).toBe('phone_not_mobile');
    expect(await smsTo('+390612345678')).toHaveLength(0);
  });

  it('start → SMS code → wrong code → right code → awaiting approval', async () => {
    const started = await publicCall('POST', '/v1/late-requests', person);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'awaiting-code', phone: '+39*******001' });
    requestId = started.body.requestId;
    const texts = await smsTo(person.phone);
    expect(texts).toHaveLength(1);
    const code = codeIn(texts[0]);
    expect(code).toMatch(/^\d{6}$/);
    codes.push(code);

    const wrong = await publicCall('POST', `/v1/late-requests/${requestId}/verify`, { code: code === '000000' ? '000001' : '000000' });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'code_invalid', field: 'body.code' } });
    expect(wrong.body.title).toContain('4 tries left');

    // Not listed before it is confirmed.
    const before = await authed(schoolAdmin, 'GET', '/v1/institutions/DEMO001/late-requests');
    expect(before.body.items.map((r: Json) => r.requestId)).not.toContain(requestId);

    const right = await publicCall('POST', `/v1/late-requests/${requestId}/verify`, { code });
    expect(right).toEqual({
      status: 200,
      body: { requestId, state: 'confirmed', message: expect.any(String), statusToken: expect.stringMatching(/^[\w-]{43}$/) },
    });
    statusTokens.push(right.body.statusToken);
    const again = await publicCall('POST', `/v1/late-requests/${requestId}/verify`, { code });
    expect(again).toMatchObject({ status: 409, body: { code: 'request_already_verified' } });
  });

  it('the applicant reads "pending" with the status token; a forged or unknown token gets a plain 404; bad input is a 400', async () => {
    const status = await publicCall('POST', '/v1/late-requests/status', { token: statusTokens[0] });
    expect(status).toEqual({
      status: 200,
      body: { requestId, state: 'pending', confirmedAt: expect.any(String), decidedAt: null, address: null },
    });
    // The token goes in the body only: no route takes it in the URL.
    expect((await publicCall('GET', `/v1/late-requests/status?token=${statusTokens[0]}`)).status).toBeGreaterThanOrEqual(400);
    const forged = await publicCall('POST', '/v1/late-requests/status', { token: `${statusTokens[0]?.slice(0, -2)}xx` });
    const unknown = await publicCall('POST', '/v1/late-requests/status', { token: requestId });
    // The same shape as any other "not found" of the API (another request id's verify, say).
    const notFound = await publicCall('POST', '/v1/late-requests/00000000-0000-4000-8000-000000000000/verify', { code: '123456' });
    for (const answer of [forged, unknown]) {
      expect(answer).toMatchObject({ status: 404, body: { code: 'late_request_status_unknown' } });
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(notFound.body).sort());
    }
    for (const body of [{}, { token: '' }, { token: 't'.repeat(201) }, { token: statusTokens[0], requestId }]) {
      expect(await publicCall('POST', '/v1/late-requests/status', body)).toMatchObject({
        status: 400,
        body: { code: 'validation_failed' },
      });
    }
  });

  it('the school admin sees it masked; a school admin of another institution may neither list nor decide it', async () => {
    const listed = await authed(schoolAdmin, 'GET', '/v1/institutions/DEMO001/late-requests?state=awaiting-approval');
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((r: Json) => r.requestId === requestId);
    expect(mine).toMatchObject({ phone: '+39*******001', nationalIdLast3: person.nationalId.slice(-3), familyName: person.familyName });
    expect(JSON.stringify(listed.body)).not.toContain(person.nationalId);
    expect(JSON.stringify(listed.body)).not.toContain(person.phone);

    const other = await otherSchoolAdmin('OTHER01');
    expect((await authed(other, 'GET', '/v1/institutions/DEMO001/late-requests')).status).toBe(403);
    const refused = await authed(other, 'POST', `/v1/late-requests/${requestId}/decision`, { decision: 'approve' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
  });

  it('the demo school admin approves: the member exists, is pending and in the next scheduled lot; deciding again is 409', async () => {
    const approved = await authed(schoolAdmin, 'POST', `/v1/late-requests/${requestId}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const address = person.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
    expect(approved.body).toMatchObject({ state: 'approved', lotId: lot.lotId, address, memberId: expect.stringMatching(/^m-/) });

    const { Item } = await db.send(
      new GetCommand({ TableName: runtime.resources.tables.directory, Key: { pk: `MEMBER#${approved.body.memberId}`, sk: 'MEMBER' } }),
    );
    expect(Item).toMatchObject({
      state: 'pending',
      lotId: lot.lotId,
      address,
      institutionCode: 'DEMO001',
      nidLast3: person.nationalId.slice(-3),
    });
    expect((await authed(operator, 'GET', `/v1/lots/${lot.lotId}`)).body.memberCount).toBe(1);
    expect((await authed(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body.pending).toBe(1);
    // The applicant is told, in Italian, on the phone the request proved (sent before the answer): the code, then the decision.
    const told = (await smsTo(person.phone)).map((t) => t.message);
    expect(told).toHaveLength(2);
    expect(told).toContainEqual(expect.stringMatching(/approvata/));
    expect(told.find((t) => t.includes('approvata'))).toContain(address);

    for (const decision of ['approve', 'reject']) {
      const twice = await authed(schoolAdmin, 'POST', `/v1/late-requests/${requestId}/decision`, { decision });
      expect(twice).toMatchObject({ status: 409, body: { code: 'already_decided' } });
    }

    // The applicant reads the decision with the token: when, and the new address.
    expect(await publicCall('POST', '/v1/late-requests/status', { token: statusTokens[0] })).toEqual({
      status: 200,
      body: { requestId, state: 'approved', confirmedAt: expect.any(String), decidedAt: approved.body.decidedAt, address },
    });
  });

  it('an existing member gets the same answers; the phone on record is told instead (late-request-strangers.test.ts has the bytes)', async () => {
    const first = await publicCall('POST', '/v1/late-requests', { ...person, phone: italianRow(71_002).phone });
    expect(first.status).toBe(202);
    expect(Object.keys(first.body).sort()).toEqual(['codeExpiresAt', 'phone', 'requestId', 'state']);
    const code = codeIn((await smsTo(italianRow(71_002).phone))[0]);
    codes.push(code);
    const verified = await publicCall('POST', `/v1/late-requests/${first.body.requestId}/verify`, { code });
    expect(verified).toEqual({
      status: 200,
      body: { requestId: first.body.requestId, state: 'confirmed', message: expect.any(String), statusToken: expect.any(String) },
    });
    statusTokens.push(verified.body.statusToken);
    // Its token answers for this request alone, "pending" as anyone's: never the member's approved request.
    const status = await publicCall('POST', '/v1/late-requests/status', { token: verified.body.statusToken });
    expect(status.body).toEqual({
      requestId: first.body.requestId,
      state: 'pending',
      confirmedAt: expect.any(String),
      decidedAt: null,
      address: null,
    });
    expect(JSON.stringify(status.body)).not.toContain(requestId);
    // The member (approved above) hears of it on the phone on record: the code, the decision, then this.
    const texts = (await smsTo(person.phone)).map((t) => t.message);
    expect(texts).toHaveLength(3);
    expect(texts).toContainEqual(expect.stringContaining('risulta già registrato'));
  });

  it('limits codes per national ID: the 4th start within the hour is 429', async () => {
    // person already asked twice (two phones); one more passes, the next is refused.
    const third = await publicCall('POST', '/v1/late-requests', { ...person, phone: italianRow(71_003).phone });
    expect(third.status).toBe(202);
    codes.push(codeIn((await smsTo(italianRow(71_003).phone))[0]));
    const fourth = await publicCall('POST', '/v1/late-requests', { ...person, phone: italianRow(71_004).phone });
    expect(fourth).toMatchObject({ status: 429, body: { code: 'too_many_requests' } });
    expect(await smsTo(italianRow(71_004).phone)).toHaveLength(0);
  });

  it('canary: no SMS code is in any table item or any API answer; no national ID or status token in clear either', async () => {
    expect(codes).toHaveLength(3);
    expect(statusTokens).toHaveLength(2);
    const items = [
      ...(await scanTable(db, runtime.resources.tables.directory)),
      ...(await scanTable(db, runtime.resources.tables.audit)),
      ...(await scanTable(db, runtime.resources.tables.idempotency)),
    ];
    const stored = JSON.stringify(items);
    expect(stored).toContain(requestId); // the scan does see the requests
    for (const code of codes) {
      const alone = new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);
      expect(alone.test(stored), `code ${code} in a table`).toBe(false);
      expect(
        answers.some((a) => alone.test(a)),
        `code ${code} in an answer`,
      ).toBe(false);
    }
    expect(stored).not.toContain(person.nationalId);
    for (const token of statusTokens) expect(stored).not.toContain(token);
    expect(answers.join('\n')).not.toContain(person.nationalId);
  });
});
