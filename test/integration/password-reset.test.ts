import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, type Json } from '../helpers/api-client';
import { completeFirstSignIn, eventually, localClients, localDb, scanAll, scanTable, sesStore, signIn } from '../helpers/local-clients';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { call, tokenOf, runImport } = apiClient(runtime, demoUsers);
const { cognito } = localClients(runtime);
const pool = runtime.resources.userPoolId;
const db = localDb(runtime);

const staff = demoUsers.find((u) => u.role === 'staff') ?? (undefined as never);
const NEW_PASSWORD = 'Reset-Canary-7391x';
const NEWEST_PASSWORD = 'Change-Canary-5518y';
const FIRST_PASSWORD = 'First-Canary-8830w';
const MEMBER_PASSWORD = 'Member-Canary-2604z';
let temporaryPassword = 'unset-temporary-password';

/** A public call, read as raw text so two answers can be compared byte for byte. */
async function post(path: string, body: unknown, token?: string): Promise<{ status: number; text: string; body: Json }> {
  const res = await fetch(`${runtime.urls.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Json };
}

/**
 * TEST-ONLY PEEK: in the cloud the reset code goes out by SMS through Cognito itself and Posta
 * never sees it. cognito-local "delivers" it to its log and keeps it on the user in its JSON
 * database (`<state>/cognito/.cognito/db/<pool id>.json`), which is where this test reads it.
 */
function resetCodeOf(login: string): string {
  const file = JSON.parse(readFileSync(join(runtime.stateDir, 'cognito', '.cognito', 'db', `${pool}.json`), 'utf8'));
  const user = Object.values(file.Users as Record<string, { Username: string; ConfirmationCode?: string }>).find(
    (u) => u.Username.toLowerCase() === login.toLowerCase(),
  );
  if (!user?.ConfirmationCode) throw new Error(`no reset code stored for ${login}`);
  return user.ConfirmationCode;
}

/**
 * cognito-local only runs ForgotPassword for users with an `email` attribute (it cannot "send"
 * by SMS); the cloud pool sends the code by SMS to the verified `phone_number`. Both are set here.
 */
async function makeRecoverable(login: string, phone: string) {
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: pool,
      Username: login,
      UserAttributes: [
        { Name: 'phone_number', Value: phone },
        { Name: 'phone_number_verified', Value: 'true' },
        { Name: 'email', Value: login },
      ],
    }),
  );
}

/** The cloud says NotAuthorizedException; cognito-local says InvalidPasswordException. */
const signInFails = (login: string, password: string) =>
  expect(signIn(runtime, login, password)).rejects.toMatchObject({
    name: expect.stringMatching(/^(NotAuthorized|InvalidPassword)Exception$/),
  });

/** Every API answer of this file, for the canary. */
const responses: string[] = [];

describe('self-service password reset and change (it-miur, demo staff account)', () => {
  let code = '';

  beforeAll(async () => {
    await makeRecoverable(staff.login, '+393330000001');
  });

  afterAll(async () => {
    // Other test files sign in as the demo staff user with the seeded password.
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: staff.login, Password: staff.password, Permanent: true }),
    );
    await signIn(runtime, staff.login, staff.password);
  });

  it('forgot: a known and an unknown login get byte-identical answers (202)', async () => {
    const known = await post('/v1/password/forgot', { login: staff.login });
    const unknown = await post('/v1/password/forgot', { login: 'nobody.here@posta.istruzione.it' });
    responses.push(known.text, unknown.text);
    expect(known.status).toBe(202);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    expect(known.body.status).toBe('accepted');
    code = resetCodeOf(staff.login);
    expect(code).toMatch(/^\d{6}$/);
  });

  it('confirm: a wrong code and an unknown login are the same 400 code_invalid; a weak password is 400 password_policy', async () => {
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post('/v1/password/forgot/confirm', { login: staff.login, code: wrongCode, newPassword: NEW_PASSWORD });
    const unknown = await post('/v1/password/forgot/confirm', {
      login: 'nobody.here@posta.istruzione.it',
      code,
      newPassword: NEW_PASSWORD,
    });
    responses.push(wrong.text, unknown.text);
    expect(wrong).toMatchObject({ status: 400, body: { code: 'code_invalid', field: 'body.code' } });
    // Identical but for `instance`, the request id every problem carries.
    const { instance: _a, ...wrongRest } = wrong.body;
    const { instance: _b, ...unknownRest } = unknown.body;
    expect([unknown.status, unknownRest]).toEqual([wrong.status, wrongRest]);

    const weak = await post('/v1/password/forgot/confirm', { login: staff.login, code, newPassword: 'weakpassword' });
    responses.push(weak.text);
    expect(weak).toMatchObject({ status: 400, body: { code: 'password_policy', field: 'body.newPassword' } });
    // Nothing changed yet: the seeded password still works.
    await signIn(runtime, staff.login, staff.password);
  });

  it('confirm with the right code and a good password: the new password signs in, the old one no longer does', async () => {
    const done = await post('/v1/password/forgot/confirm', { login: staff.login, code, newPassword: NEW_PASSWORD });
    responses.push(done.text);
    expect(done).toMatchObject({ status: 200, body: { status: 'password-reset' } });
    await signIn(runtime, staff.login, NEW_PASSWORD);
    await signInFails(staff.login, staff.password);
    // The code is single use.
    const again = await post('/v1/password/forgot/confirm', { login: staff.login, code, newPassword: NEWEST_PASSWORD });
    expect(again).toMatchObject({ status: 400, body: { code: 'code_invalid' } });
  });

  it('POST /v1/me/password: a wrong current password is refused, the right one changes it', async () => {
    const token = await signIn(runtime, staff.login, NEW_PASSWORD);
    const wrong = await post('/v1/me/password', { currentPassword: 'Not-The-Password-1', newPassword: NEWEST_PASSWORD }, token);
    responses.push(wrong.text);
    // The cloud answers `current_password_invalid` (Cognito's NotAuthorizedException, unit-tested);
    // cognito-local reports a wrong previous password as InvalidPasswordException instead.
    expect(wrong.status).toBe(400);
    await signInFails(staff.login, NEWEST_PASSWORD);

    const weak = await post('/v1/me/password', { currentPassword: NEW_PASSWORD, newPassword: 'short' }, token);
    expect(weak).toMatchObject({ status: 400, body: { code: 'password_policy', field: 'body.newPassword' } });

    const done = await post('/v1/me/password', { currentPassword: NEW_PASSWORD, newPassword: NEWEST_PASSWORD }, token);
    responses.push(done.text);
    expect(done).toMatchObject({ status: 200, body: { status: 'password-changed' } });
    await signIn(runtime, staff.login, NEWEST_PASSWORD);
    await signInFails(staff.login, NEW_PASSWORD);

    expect((await post('/v1/me/password', { currentPassword: 'x', newPassword: NEWEST_PASSWORD })).status).toBe(401);
  });

  it('both are audited for the account (no member record: institution "none"), without any secret', async () => {
    const records = (await scanTable(db, runtime.resources.tables.audit)).filter((r) => r.target === staff.login);
    expect(records.map((r) => r.action).sort()).toEqual(['password.changed', 'password.reset']);
    expect(records.every((r) => r.institution === 'none' && r.outcome === 'success')).toBe(true);
    expect(records.find((r) => r.action === 'password.changed')).toMatchObject({ actor: staff.sub, role: 'staff' });
  });
});

describe('self-service reset of an imported, launched member', () => {
  const row = italianRow(46_001, 'PWDR0001');
  const login = row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
  const runJob = (name: string, at: string) =>
    promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
      cwd: ROOT,
    });

  beforeAll(async () => {
    const operator = await tokenOf('operator');
    expect((await runImport(operator, toCsv([row]))).counts.created).toBe(1);
    const launchAt = new Date(Date.now() + 60_000).toISOString();
    const lot = await call(operator, 'POST', '/v1/lots', {
      name: 'Password reset',
      launchAt,
      selection: { kind: 'institutions', institutionCodes: ['PWDR0001'] },
    });
    expect(lot.body.memberCount).toBe(1);
    await runJob('launch-lots', launchAt);
    // The SMS goes out after the temporary password is set: from then on the account is settled.
    const texts = await eventually(
      async () => (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as Json[],
      (list) => list.length >= 1,
      60_000,
    );
    temporaryPassword = /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(texts[0]?.message ?? '')?.[1] ?? 'missing';
    // First sign-in: Cognito refuses a reset while the temporary password is pending, so the
    // member sets their own password first, as they would.
    await completeFirstSignIn(runtime, login, temporaryPassword, FIRST_PASSWORD);
  }, 120_000);

  it('records passwordChangedAt on the member and emails the old address, never the password', async () => {
    await makeRecoverable(login, row.phone);
    expect((await post('/v1/password/forgot', { login })).status).toBe(202);
    const done = await post('/v1/password/forgot/confirm', { login, code: resetCodeOf(login), newPassword: MEMBER_PASSWORD });
    responses.push(done.text);
    expect(done.status).toBe(200);
    await signIn(runtime, login, MEMBER_PASSWORD);
    await signInFails(login, FIRST_PASSWORD);

    const directory = await scanTable(db, runtime.resources.tables.directory);
    const address = directory.find((i) => i.pk === `ADDRESS#${login}`);
    const member = directory.find((i) => i.pk === `MEMBER#${address?.memberId}` && i.sk === 'MEMBER');
    expect(Date.now() - Date.parse(member?.passwordChangedAt)).toBeLessThan(60_000);

    const mails = await eventually(
      async () => (await sesStore(runtime)).filter((m) => m.destination.to.includes(row.oldAddress) && m.subject.includes('password')),
      (list) => list.length >= 1,
      30_000,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(login);

    const audit = (await scanTable(db, runtime.resources.tables.audit)).find(
      (r) => r.action === 'password.reset' && r.target === member?.memberId,
    );
    expect(audit).toMatchObject({ institution: 'PWDR0001', actor: login, role: 'self' });
  });
});

describe('canary', () => {
  it('no password of these tests appears in any DynamoDB item, email, API answer or log', async () => {
    const tables = await scanAll(runtime);
    const logs = readdirSync(join(runtime.stateDir, 'logs'))
      // cognito-local is the password store itself and logs the requests it serves.
      .filter((f) => !f.startsWith('cognito'))
      .map((f) => readFileSync(join(runtime.stateDir, 'logs', f), 'utf8'));
    const everything = tables + JSON.stringify(await sesStore(runtime)) + logs.join('\n') + responses.join('\n');
    expect(responses.length).toBeGreaterThan(5);
    for (const secret of [NEW_PASSWORD, NEWEST_PASSWORD, FIRST_PASSWORD, MEMBER_PASSWORD, temporaryPassword, 'Not-The-Password-1']) {
      expect(everything).not.toContain(secret);
    }
  });
});
