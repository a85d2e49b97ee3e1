import { AdminDisableUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Runtime } from '../../local/stack';
import type { Json } from '../helpers/api-client';
import { completeFirstSignIn, eventually, localClients, scanAll, scanTable, sesStore } from '../helpers/local-clients';
import { launchMoment, type ProfileStack, profileStack, runJob, smsOutbox, untilPast } from '../helpers/profile-stack';
import { toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * Issue #5, "must show" (tr-meb, recorded-form): a member launched and signed in, then closed
 * (Cognito user disabled, member `password-expired`), gets one SMS with a new temporary password
 * when the institution's officer files a reset with the signed form's data, and signs in with it.
 * The officer's answers, the tables, the audit trail and the email store never hold the password.
 */

const MEMBER = turkishRow(500, 'DEMO001');
const ELSEWHERE = turkishRow(501, 'OTHER001');
const OWN_PASSWORD = 'Kendi-Parolam-2027!';
const passwordOf = (sms: SmsRecord) => /: (\S+)$/.exec(sms.message)?.[1] ?? '';

let stack: ProfileStack;
let runtime: Runtime;
let api: ProfileStack['api'];
let db: ProfileStack['db'];
/** Every answer the officer got, for the canary. */
const officerSaw: string[] = [];

const memberByPhone = async (phone: string) =>
  (await scanTable(db, runtime.resources.tables.directory)).find((i) => i.sk === 'MEMBER' && i.phone === phone) as Json;
const textsTo = async (phone: string) => (await smsOutbox(runtime)).filter((s) => s.phoneNumber === phone);

describe('delegated reset, recorded form (tr-meb)', () => {
  let member: Json;
  let login: string;
  let launchPassword: string;

  beforeAll(async () => {
    stack = await profileStack('tr-meb');
    ({ runtime, api, db } = stack);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('import and launch: the member gets a temporary password, signs in and chooses their own', async () => {
    const operator = await api.tokenOf('operator');
    const job = await api.runImport(operator, toCsv([MEMBER, ELSEWHERE]));
    expect(job).toMatchObject({ state: 'completed', counts: { created: 2, rejected: 0 } });
    const lot = await api.call(operator, 'POST', '/v1/lots', {
      name: 'delegated reset',
      launchAt: launchMoment(),
      selection: { kind: 'institutions', institutionCodes: ['DEMO001', 'OTHER001'] },
    });
    expect(lot.status).toBe(201);
    // Launched as of its time once that has come: the test goes on in real time.
    await untilPast(lot.body.launchAt);
    await runJob(runtime, 'launch-lots', lot.body.launchAt);
    const texts = await eventually(
      () => textsTo(MEMBER.phone),
      (l) => l.length === 1,
      60_000,
    );
    expect(texts).toHaveLength(1);
    member = await eventually(
      () => memberByPhone(MEMBER.phone),
      (m) => m?.state === 'notified',
    );
    login = member.address;
    expect(login).toBe(`${MEMBER.latinLocal}@meb.k12.tr`);
    launchPassword = passwordOf(texts[0] as SmsRecord);
    await completeFirstSignIn(runtime, login, launchPassword, OWN_PASSWORD);
  }, 120_000);

  it('the account closes: Cognito user disabled, member password-expired', async () => {
    // As the deadline sweep does at 30 days (its own tests cover the when; this file the way back).
    const { cognito } = localClients(runtime);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: login }));
    await db.send(
      new UpdateCommand({
        TableName: runtime.resources.tables.directory,
        Key: { pk: `MEMBER#${member.memberId}`, sk: 'MEMBER' },
        UpdateExpression: 'SET #s = :s REMOVE deadlinePk, deadlineSk',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':s': 'password-expired' },
      }),
    );
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: login }));
    expect(user.Enabled).toBe(false);
  });

  it('an officer acts only on their own institution: another institution’s member is 403, and the attempt is audited', async () => {
    const officer = await api.tokenOf('officer');
    const other = await memberByPhone(ELSEWHERE.phone);
    const refused = await api.call(officer, 'POST', '/v1/reset-requests', {
      memberId: other.memberId,
      form: { number: 'OUT-1', signedOn: '2026-11-20', approverName: 'X', approverTitle: 'Y', archivedAt: 'Z' },
    });
    officerSaw.push(JSON.stringify(refused.body));
    expect(refused).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    const list = await api.call(officer, 'GET', '/v1/institutions/OTHER001/reset-requests?state=done');
    expect(list).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    const audit = await scanTable(db, runtime.resources.tables.audit);
    const refusals = audit.filter((r) => r.outcome === 'refused' && r.institution === 'OTHER001');
    expect(refusals.map((r) => [r.action, r.reason, r.target]).sort()).toEqual(
      [
        ['reset-request.file', 'institution_out_of_scope', other.memberId],
        ['reset-request.list', 'institution_out_of_scope', 'OTHER001'],
      ].sort(),
    );
    // Approvers do not file: the catalog's allow list.
    const approver = await api.tokenOf('approver');
    const byApprover = await api.call(approver, 'POST', '/v1/reset-requests', {
      memberId: member.memberId,
      form: { number: 'APP-1', signedOn: '2026-11-20', approverName: 'X', approverTitle: 'Y', archivedAt: 'Z' },
    });
    expect(byApprover).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect(await textsTo(ELSEWHERE.phone)).toHaveLength(1);
  });

  it('the officer files the form: one SMS with a new temporary password, the account enabled, the member signs in with it', async () => {
    const officer = await api.tokenOf('officer');
    const form = {
      number: 'MEB-2026/0042',
      signedOn: '2026-11-20',
      approverName: 'Mehmet Yılmaz',
      approverTitle: 'Okul Müdürü',
      archivedAt: 'İdari arşiv, dolap 3',
    };
    const filed = await api.call(officer, 'POST', '/v1/reset-requests', { memberId: member.memberId, form });
    officerSaw.push(JSON.stringify(filed.body));
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      state: 'done',
      approval: 'recorded-form',
      memberId: member.memberId,
      address: login,
      institutionCode: 'DEMO001',
      form,
      smsDelivered: true,
    });
    expect(Object.keys(filed.body).some((k) => /password/i.test(k))).toBe(false);

    const texts = await eventually(
      () => textsTo(MEMBER.phone),
      (l) => l.length >= 2,
    );
    expect(texts).toHaveLength(2);
    const temporary = passwordOf(texts.find((t) => passwordOf(t) !== launchPassword) as SmsRecord);
    expect(temporary).toMatch(/^\S{12,}$/);

    const { cognito } = localClients(runtime);
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: login }));
    expect(user.Enabled).toBe(true);
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');

    const after = await memberByPhone(MEMBER.phone);
    expect(after).toMatchObject({ state: 'activated', deadlinePk: expect.stringMatching(/^DEADLINE#/) });
    expect(after.temporaryPasswordSetAt > after.passwordChangedAt).toBe(true);

    // Listing: the request is there, done; again no password.
    const listed = await api.call(officer, 'GET', '/v1/institutions/DEMO001/reset-requests?state=done');
    officerSaw.push(JSON.stringify(listed.body));
    expect(listed.body.items.map((r: Json) => r.requestId)).toEqual([filed.body.requestId]);
    // The same paper form cannot be filed twice.
    const again = await api.call(officer, 'POST', '/v1/reset-requests', { memberId: member.memberId, form });
    officerSaw.push(JSON.stringify(again.body));
    expect(again).toMatchObject({ status: 409, body: { code: 'form_already_filed' } });
    expect(await textsTo(MEMBER.phone)).toHaveLength(2);

    // The member is told by email (in Turkish, to the personal address), without the secret.
    const mails = await eventually(
      async () => (await sesStore(runtime)).filter((m) => m.destination.to.includes(MEMBER.alternateEmail) && /sıfırlandı/.test(m.subject)),
      (l) => l.length >= 1,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(login);

    await completeFirstSignIn(runtime, login, temporary, 'Yeni-Parolam-2027!');

    // The canary: the temporary password is nowhere but in the SMS.
    const everywhere = JSON.stringify([officerSaw, await sesStore(runtime)]) + (await scanAll(runtime));
    expect(everywhere).not.toContain(temporary);
    const audit = await scanTable(db, runtime.resources.tables.audit);
    expect(audit.filter((r) => r.action === 'password.reset-by-institution' && r.target === member.memberId)).toHaveLength(1);
  }, 90_000);
});
