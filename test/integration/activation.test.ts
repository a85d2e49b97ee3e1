import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Runtime } from '../../local/stack';
import { loadProfile, type ProfileId } from '../../shared/profiles';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { completeFirstSignIn, eventually, localClients, scanAll, sesStore, tokenGroups } from '../helpers/local-clients';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { italianRow, russianRow, type StaffRow, toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * Issue #4, "must show", in each profile: the school admin sends activation notices → step 1 →
 * the SMS sink has the code → step 2 → the SMS sink has the temporary password → sign-in against
 * the local Cognito → NEW_PASSWORD_REQUIRED → GET /v1/me shows the account active with its next
 * expiry. Negatives: five wrong codes lock; a code after 10 minutes, or used twice, is refused; a
 * window past its end refuses activation and shows `activation-expired`. Enumeration: matched and
 * unmatched step-1 answers are the same bytes (the random attemptId masked). Canary: the code and
 * the password are in no table item, API answer or email.
 *
 * Test-only time travel: the API runs on the real clock, so "10 minutes later" and "60 days later"
 * are made by ageing the stored items in DynamoDB Local (the OTP's `codeExpiresAt`, the member's
 * `activationWindowEndsAt`); the rules themselves are unit-tested with an injected clock.
 */

interface Case {
  profile: ProfileId;
  row(i: number): StaffRow;
  login(r: StaffRow): string;
  /** it-miur shares its stack (and DEMO001) with other files: notices go to named members only. */
  named: boolean;
}

const CASES: Case[] = [
  {
    profile: 'it-miur',
    row: (i) => italianRow(84_000 + i, 'DEMO001'),
    login: (r) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it'),
    named: true,
  },
  { profile: 'ru-moscow', row: (i) => russianRow(60 + i, 'DEMO001'), login: (r) => `${(r as Json).latinLocal}@edu.mos.ru`, named: false },
  { profile: 'tr-meb', row: (i) => turkishRow(60 + i, 'DEMO001'), login: (r) => `${(r as Json).latinLocal}@meb.k12.tr`, named: false },
];

const NEW_PASSWORD = 'My-0wn-Activ4ted!';
const codeIn = (sms: SmsRecord | undefined) => /: (\d{6})$/.exec(sms?.message ?? '')?.[1] ?? '';
const passwordIn = (sms: SmsRecord | undefined) => /: (\S+)$/.exec(sms?.message ?? '')?.[1] ?? '';
const DAY = 86_400_000;

for (const flow of CASES) {
  const profile = loadProfile(flow.profile);

  describe(`activation end to end (${flow.profile})`, () => {
    const rows = Array.from({ length: 4 }, (_, i) => flow.row(i));
    const [happy, guesser, late, expired] = rows as [StaffRow, StaffRow, StaffRow, StaffRow];
    let stack: ProfileStack;
    let runtime: Runtime;
    let api: ProfileStack['api'];
    let db: ProfileStack['db'];
    const answers: string[] = [];
    const secrets: string[] = [];
    /** The happy member's step-1 attempt, confirmed by the next test. */
    let pending = { attemptId: '', code: '' };

    async function publicCall(path: string, body: unknown) {
      const res = await fetch(`${runtime.urls.api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      answers.push(text);
      return { status: res.status, text, body: JSON.parse(text) as Json, type: res.headers.get('content-type') };
    }
    const smsTo = async (phone: string) =>
      (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
    /** Waits for the newest SMS to a phone that satisfies `ok`. */
    async function nextSms(phone: string, count: number) {
      const list = await eventually(
        () => smsTo(phone),
        (l) => l.length >= count,
        20_000,
      );
      expect(list.length).toBeGreaterThanOrEqual(count);
      return list[0] as SmsRecord;
    }
    async function memberOf(r: StaffRow): Promise<Json> {
      const table = runtime.resources.tables.directory;
      const { Item: address } = await db.send(new GetCommand({ TableName: table, Key: { pk: `ADDRESS#${flow.login(r)}`, sk: 'ADDRESS' } }));
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk: `MEMBER#${address?.memberId}`, sk: 'MEMBER' } }));
      return Item as Json;
    }
    const step1 = (r: StaffRow, phone = r.phone) => publicCall('/v1/activation', { nationalId: r.nationalId, phone });
    const step2 = (attemptId: string, code: string) => publicCall(`/v1/activation/${attemptId}/confirm`, { code });
    async function codeFor(r: StaffRow) {
      const before = (await smsTo(r.phone)).length;
      const started = await step1(r);
      expect(started.status).toBe(202);
      const sms = await nextSms(r.phone, before + 1);
      const code = codeIn(sms);
      expect(code).toMatch(/^\d{6}$/);
      secrets.push(code);
      return { attemptId: started.body.attemptId as string, code };
    }

    beforeAll(async () => {
      stack = await profileStack(flow.profile);
      ({ runtime, api, db } = stack);
    }, 180_000);
    afterAll(async () => {
      await stack?.stop();
    }, 60_000);

    it('the school admin sends the notices: each member is invited by SMS and email, the window opens for the profile’s days', async () => {
      const operator = await api.tokenOf('operator');
      const job = await api.runImport(operator, toCsv(rows));
      expect(job).toMatchObject({ state: 'completed', counts: { created: 4, rejected: 0 } });
      const admin = await api.tokenOf('school-admin');
      const ids = await Promise.all(rows.map(async (r) => (await memberOf(r)).memberId as string));
      const sent = await api.call(admin, 'POST', '/v1/institutions/DEMO001/activation-notices', flow.named ? { memberIds: ids } : {});
      answers.push(JSON.stringify(sent.body));
      expect(sent.status).toBe(202);
      expect(sent.body).toEqual({ queued: 4, skipped: 0 });
      // Another institution is out of a school admin's scope.
      expect((await api.call(admin, 'POST', '/v1/institutions/OTHER001/activation-notices', {})).status).toBe(403);

      for (const r of rows) {
        const sms = await nextSms(r.phone, 1);
        expect(sms.message).toMatch(/60/);
      }
      const days = (profile.activationWindowDays ?? 60) * DAY;
      const m = await eventually(
        () => memberOf(happy),
        (x) => x.state === 'notified',
      );
      expect(m.state).toBe('notified');
      expect(Math.abs(new Date(m.activationWindowEndsAt).getTime() - (Date.now() + days))).toBeLessThan(120_000);
      expect(m.deadlinePk).toMatch(/^DEADLINE#/);
      const mails = await eventually(
        () => sesStore(runtime),
        (l) => l.some((e) => e.destination.to.includes((happy.oldAddress || happy.alternateEmail).toLowerCase())),
      );
      expect(mails.some((e) => e.destination.to.includes((happy.oldAddress || happy.alternateEmail).toLowerCase()))).toBe(true);

      // Sending again does not extend the open window.
      const again = await api.call(admin, 'POST', '/v1/institutions/DEMO001/activation-notices', { memberIds: [m.memberId] });
      expect(again.body).toEqual({ queued: 1, skipped: 0 });
      await nextSms(happy.phone, 2);
      expect((await memberOf(happy)).activationWindowEndsAt).toBe(m.activationWindowEndsAt);
    }, 120_000);

    it('step 1 answers matched and unmatched with the same bytes (attemptId masked)', async () => {
      const { attemptId, code } = await codeFor(happy);
      const matched = answers.at(-1) as string;
      const stranger = flow.row(50);
      const unmatched = await step1(stranger);
      expect(unmatched.status).toBe(202);
      const mask = (text: string) => text.replace(/"attemptId":"[0-9a-f-]{36}"/, '"attemptId":"*"');
      expect(mask(unmatched.text)).toBe(mask(matched));
      expect(unmatched.body.attemptId).not.toBe(attemptId);
      // No code went to the stranger's phone, nor is one on its way (every queue drained).
      await drained(runtime);
      expect(await smsTo(stranger.phone)).toHaveLength(0);
      pending = { attemptId, code };
    }, 60_000);

    it('step 2 creates the account and texts the temporary password; sign-in, NEW_PASSWORD_REQUIRED, then /v1/me shows it active with its next expiry', async () => {
      const { attemptId, code } = pending;
      const before = (await smsTo(happy.phone)).length;
      const done = await step2(attemptId, code);
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ login: flow.login(happy), message: 'password sent by SMS' });
      const password = passwordIn(await nextSms(happy.phone, before + 1));
      expect(password.length).toBeGreaterThanOrEqual(12);
      secrets.push(password);

      // The code works once.
      const reused = await step2(attemptId, code);
      expect(reused.status).toBe(400);
      expect(reused.body.code).toBe('code_used');

      const { cognito } = localClients(runtime);
      const UserPoolId = runtime.resources.userPoolId;
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username: flow.login(happy) }));
      expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      expect(user.UserAttributes?.find((a) => a.Name === 'phone_number')?.Value).toBe(happy.phone);
      const m = await memberOf(happy);
      // Has an account, still the temporary password: its own progress figure until the first sign-in.
      expect(m).toMatchObject({ state: 'account-created' });
      expect(m.temporaryPasswordSetAt).toBeTruthy();

      const { AccessToken: token } = await completeFirstSignIn(runtime, flow.login(happy), password, NEW_PASSWORD);
      const me = await eventually(
        async () => (await api.call(token, 'GET', '/v1/me')).body,
        (b) => b.account?.state === 'activated' && b.account?.passwordChangedAt !== null,
      );
      answers.push(JSON.stringify(me));
      expect(me.account.state).toBe('activated');
      // Made by activation, so staff: in the register (what the API decides on) and in the
      // Cognito group the account was created in (what the token carries).
      expect(me).toMatchObject({ roles: ['staff'], assignments: [{ role: 'staff', institutionCode: 'DEMO001' }] });
      expect(tokenGroups(token)).toEqual(['staff']);
      expect(me.account.activatedAt).toBeTruthy();
      if (profile.maxPasswordAgeDays === null) expect(me.account.nextExpiry).toBeNull();
      else {
        // tr-meb: 30 days from the password just chosen.
        expect(profile.maxPasswordAgeDays).toBe(30);
        const expected = new Date(me.account.passwordChangedAt).getTime() + 30 * DAY;
        expect(new Date(me.account.nextExpiry).getTime()).toBe(expected);
        expect(Math.abs(expected - (Date.now() + 30 * DAY))).toBeLessThan(120_000);
      }
    }, 90_000);

    it('five wrong codes lock the member (even the right code is then refused); the lock shows in the members export', async () => {
      const { attemptId, code } = await codeFor(guesser);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 4; i++) {
        const out = await step2(attemptId, wrong);
        expect([out.status, out.body.code]).toEqual([400, 'code_invalid']);
      }
      const fifth = await step2(attemptId, wrong);
      expect([fifth.status, fifth.body.code]).toEqual([429, 'too_many_attempts']);
      // Even the right code no longer works.
      expect((await step2(attemptId, code)).status).toBe(429);
      const m = await memberOf(guesser);
      expect(new Date(m.activationLockedUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
      const admin = await api.tokenOf('school-admin');
      const res = await fetch(`${runtime.urls.api}/v1/institutions/DEMO001/members.csv`, { headers: { authorization: `Bearer ${admin}` } });
      const csv = await res.text();
      const line = csv.split('\r\n').find((l) => l.startsWith(m.memberId)) ?? csv.split('\n').find((l) => l.startsWith(m.memberId));
      expect(csv.split(/\r?\n/)[0]).toContain('activationLockedUntil');
      expect(line).toContain(m.activationLockedUntil);
    }, 60_000);

    it('a code after 10 minutes is refused (the stored OTP aged in DynamoDB Local, test only)', async () => {
      const { attemptId, code } = await codeFor(late);
      await db.send(
        new UpdateCommand({
          TableName: runtime.resources.tables.directory,
          Key: { pk: `OTP#activation:${attemptId}`, sk: 'OTP' },
          UpdateExpression: 'SET codeExpiresAt = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
      const out = await step2(attemptId, code);
      expect([out.status, out.body.code]).toEqual([400, 'code_expired']);
      expect((await memberOf(late)).accountCreatedAt).toBeUndefined();
    }, 60_000);

    it('a window past its end refuses activation and the member shows activation-expired (window aged, test only)', async () => {
      const { attemptId, code } = await codeFor(expired);
      const m = await memberOf(expired);
      await db.send(
        new UpdateCommand({
          TableName: runtime.resources.tables.directory,
          Key: { pk: `MEMBER#${m.memberId}`, sk: 'MEMBER' },
          UpdateExpression: 'SET activationWindowEndsAt = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
      const out = await step2(attemptId, code);
      expect([out.status, out.body.code]).toEqual([409, 'activation_window_closed']);
      expect((await memberOf(expired)).state).toBe('activation-expired');
      const { cognito } = localClients(runtime);
      await expect(
        cognito.send(new AdminGetUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: flow.login(expired) })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' });

      // The school admin reopens it, with a reason: invited again, new window.
      const admin = await api.tokenOf('school-admin');
      const reopened = await api.call(admin, 'POST', `/v1/members/${m.memberId}/activation-window/reopen`, {
        reason: 'asked at the office',
      });
      answers.push(JSON.stringify(reopened.body));
      expect(reopened.status).toBe(200);
      expect(reopened.body.state).toBe('notified');
      expect((await memberOf(expired)).state).toBe('notified');
    }, 60_000);

    it('canary: the codes and the temporary password are in no table item, API answer or email', async () => {
      expect(secrets.length).toBeGreaterThanOrEqual(5);
      const tables = await scanAll(runtime);
      const haystacks = [tables, JSON.stringify(await sesStore(runtime)), ...answers];
      // A 6-digit code is looked for between non-alphanumerics, so it does not "match" inside a hash
      // or a longer number; a password anywhere.
      const found = (hay: string, secret: string) =>
        /^\d{6}$/.test(secret) ? new RegExp(`(?<![0-9A-Za-z])${secret}(?![0-9A-Za-z])`).test(hay) : hay.includes(secret);
      for (const secret of secrets) for (const hay of haystacks) expect(found(hay, secret), secret).toBe(false);
      // And the national ID is nowhere in clear either.
      expect(tables.includes(happy.nationalId)).toBe(false);
    }, 60_000);

    // it-miur shares its stack with other files; ru-moscow and tr-meb have theirs to themselves, so
    // the deployment's delivery report must equal everything the emulators received.
    if (flow.profile !== 'it-miur')
      it('the delivery report equals what the SES store and the SMS sink hold', async () => {
        const operator = await api.tokenOf('operator');
        const smsSink = async () => ((await (await fetch(`${runtime.urls.sms}/messages`)).json()) as SmsRecord[]).length;
        const truth = await eventually(
          async () => ({
            emails: (await sesStore(runtime)).length,
            sms: await smsSink(),
            report: (await api.call(operator, 'GET', '/v1/reports/delivery')).body,
          }),
          (t) => t.report.emails.sent === t.emails && t.report.sms?.sent === t.sms,
        );
        expect(truth.report.institutionCode).toBeNull();
        expect(truth.emails).toBeGreaterThan(0);
        expect(truth.report.emails.sent).toBe(truth.emails);
        expect(truth.report.sms).toEqual({ sent: truth.sms, failed: 0 });
      }, 60_000);

    // Activation codes go by a public SMS, to the profile's countries only (publicSms.countries).
    if (profile.credentialDelivery === 'activation')
      it('a member imported with a mobile abroad is enrolled and put on the phone-update list (phone_country_not_allowed): step 1 could never reach them', async () => {
        const abroad = { ...flow.row(10), phone: '+77012345678' }; // a Kazakh mobile (+7 7xx)
        const operator = await api.tokenOf('operator');
        expect((await api.runImport(operator, toCsv([abroad]))).counts).toMatchObject({ created: 1, rejected: 0 });
        const admin = await api.tokenOf('school-admin');
        const list = await api.call(admin, 'GET', '/v1/institutions/DEMO001/phone-updates');
        expect(list.body.items).toContainEqual(
          expect.objectContaining({
            memberId: (await memberOf(abroad)).memberId,
            reason: 'phone_country_not_allowed',
            phoneMasked: '+77******678',
          }),
        );
        expect(JSON.stringify(list.body)).not.toContain('2345');
        const refused = await step1(abroad);
        expect(refused).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'body.phone' } });
        expect(refused.body.errors).toContainEqual(expect.objectContaining({ code: 'phone_country_not_allowed' }));
        // A later import with a mobile of the profile's country takes them off.
        expect((await api.runImport(operator, toCsv([{ ...abroad, phone: flow.row(10).phone }]))).counts).toMatchObject({ updated: 1 });
        const after = await api.call(admin, 'GET', '/v1/institutions/DEMO001/phone-updates');
        expect(after.body.items.map((e: Json) => e.reason)).not.toContain('phone_country_not_allowed');
      }, 60_000);
  });
}
