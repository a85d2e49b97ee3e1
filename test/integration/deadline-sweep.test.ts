import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Runtime } from '../../local/stack';
import type { Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { completeFirstSignIn, eventually, localClients, sesStore } from '../helpers/local-clients';
import { launchMoment, type ProfileStack, profileStack, runJob, smsOutbox, untilPast } from '../helpers/profile-stack';
import { toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * Issue #5 "Rotation", must show, on tr-meb: a member sets a password at first sign-in
 * (PostAuthentication records it and files the deadline); the sweep, run twice at each step on an
 * injected clock, sends one warning email and SMS at 7, 3 and 1 days before expiry and closes the
 * account at 30 days (AdminGetUser: disabled). A member who never replaces the temporary password
 * is disabled at 7 days. Both members are told how to get back in; then the institution's officer
 * files a reset with the signed form's data, the member gets one SMS with a new temporary password
 * and signs in with it, and the officer never sees it.
 */

const DAY = 86_400_000;
// The demo officer's institution (this file has the tr-meb stack to itself): the officer
// reopens the closed account at the end.
const INSTITUTION = 'DEMO001';
const rows = [turkishRow(0, INSTITUTION), turkishRow(1, INSTITUTION)];
const [rotating, idle] = rows as [ReturnType<typeof turkishRow>, ReturnType<typeof turkishRow>];
const loginOf = (r: ReturnType<typeof turkishRow>) => `${r.latinLocal}@meb.k12.tr`;
const WARNING_SUBJECT = /parolası .* tarihinde geçerliliğini yitiriyor$/;
const WARNING_SMS = /^E-posta parolanızın süresi (\d+) gün sonra doluyor/;

describe('deadline sweep on tr-meb: rotation warnings, expiry, temporary-password deadline', () => {
  let stack: ProfileStack;
  let runtime: Runtime;
  let api: ProfileStack['api'];
  /** When the rotating member chose the password (just before: the trigger records it as it runs). */
  let chosenAt: number;
  let launchedAt: number;

  const mailsTo = async (r: ReturnType<typeof turkishRow>) =>
    (await sesStore(runtime)).filter((m) => m.destination.to.includes(r.alternateEmail));
  const smsTo = async (r: ReturnType<typeof turkishRow>) => (await smsOutbox(runtime)).filter((s) => s.phoneNumber === r.phone);
  const sweepTwice = async (at: number) => {
    const first = await runJob(runtime, 'deadline-sweep', new Date(at).toISOString());
    const second = await runJob(runtime, 'deadline-sweep', new Date(at).toISOString());
    return [first, second];
  };
  const enabled = async (r: ReturnType<typeof turkishRow>) =>
    (await localClients(runtime).cognito.send(new AdminGetUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: loginOf(r) })))
      .Enabled;
  const stateOf = async (r: ReturnType<typeof turkishRow>) => {
    const operator = await api.tokenOf('operator');
    const res = await fetch(`${api.api}/v1/institutions/${INSTITUTION}/members.csv`, { headers: { authorization: `Bearer ${operator}` } });
    const lines = (await res.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = (lines[0] as string).split(',');
    const line = lines.find((l) => l.includes(loginOf(r)));
    return line?.split(',')[header.indexOf('state')];
  };

  beforeAll(async () => {
    stack = await profileStack('tr-meb');
    ({ runtime, api } = stack);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('imports two members and launches their lot: each gets a temporary password by SMS', async () => {
    const operator = await api.tokenOf('operator');
    const job = await api.runImport(operator, toCsv(rows));
    expect(job).toMatchObject({ state: 'completed', counts: { created: 2 } });
    const lot: Json = (
      await api.call(operator, 'POST', '/v1/lots', {
        name: 'deadline sweep',
        launchAt: launchMoment(),
        selection: { kind: 'institutions', institutionCodes: [INSTITUTION] },
      })
    ).body;
    // Launched as of its time once that has come: the test goes on in real time.
    await untilPast(lot.launchAt);
    await runJob(runtime, 'launch-lots', lot.launchAt);
    launchedAt = Date.now();
    const texts = await eventually(
      async () => [...(await smsTo(rotating)), ...(await smsTo(idle))],
      (l) => l.length >= 2,
      60_000,
    );
    expect(texts).toHaveLength(2);
  }, 120_000);

  it('the rotating member signs in and chooses a password (NEW_PASSWORD_REQUIRED → PostAuthentication records it)', async () => {
    const password = /: (\S+)$/.exec(((await smsTo(rotating))[0] as SmsRecord).message)?.[1] ?? '';
    // Just before the sign-in: the sweeps below run a minute past each deadline counted from here.
    chosenAt = Date.now();
    await completeFirstSignIn(runtime, loginOf(rotating), password, 'Kendi-Parolam-2027!');
    expect(
      await eventually(
        () => stateOf(rotating),
        (s) => s === 'activated',
      ),
    ).toBe('activated');
  }, 60_000);

  it('at 7 days the member who never replaced the temporary password is disabled and told (once), the other is not touched', async () => {
    // Just before the deadline: nothing happens.
    await sweepTwice(launchedAt + 7 * DAY - 3_600_000);
    expect(await enabled(idle)).toBe(true);
    const [out] = await sweepTwice(launchedAt + 7 * DAY + 60_000);
    expect(out).toContain('"temporaryPasswordExpired": 1');
    expect(await enabled(idle)).toBe(false);
    expect(await stateOf(idle)).toBe('temp-password-expired');
    const mails = await eventually(
      () => mailsTo(idle),
      (l) => l.some((m) => /geçici parola değiştirilmedi$/.test(m.subject)),
    );
    await drained(runtime, ['email']);
    expect((await mailsTo(idle)).filter((m) => /geçici parola değiştirilmedi$/.test(m.subject))).toHaveLength(1);
    expect(mails.length).toBeGreaterThan(0);
    const texts = (await smsTo(idle)).filter((s) => s.message.startsWith('Geçici parola değişmedi'));
    expect(texts).toHaveLength(1);
    expect(await enabled(rotating)).toBe(true);
  }, 120_000);

  it('warns at 7, 3 and 1 days before expiry — one email and one SMS each, with the sweep run twice at each step', async () => {
    for (const [day, left] of [
      [23, 7],
      [27, 3],
      [29, 1],
    ] as const) {
      await sweepTwice(chosenAt + day * DAY + 60_000);
      const got = await eventually(
        async () => (await mailsTo(rotating)).filter((m) => WARNING_SUBJECT.test(m.subject)),
        (l) => l.length >= (left === 7 ? 1 : left === 3 ? 2 : 3),
      );
      await drained(runtime, ['email']);
      const warnings = (await mailsTo(rotating)).filter((m) => WARNING_SUBJECT.test(m.subject));
      expect(warnings.length, `after day ${day}`).toBe(got.length);
      expect(warnings.some((m) => (m.body.text ?? '').includes(`${left} gün sonra`))).toBe(true);
    }
    const warnings = (await mailsTo(rotating)).filter((m) => WARNING_SUBJECT.test(m.subject));
    expect(warnings).toHaveLength(3);
    const texts = (await smsTo(rotating)).map((s) => WARNING_SMS.exec(s.message)?.[1]).filter(Boolean);
    expect(texts.sort()).toEqual(['1', '3', '7']);
    expect(await enabled(rotating)).toBe(true);
  }, 180_000);

  it('at 30 days the account is closed: AdminGetUser shows it disabled, the member is password-expired and told once', async () => {
    await sweepTwice(chosenAt + 30 * DAY + 60_000);
    expect(await enabled(rotating)).toBe(false);
    expect(await stateOf(rotating)).toBe('password-expired');
    const closed = (m: { subject: string }) => /parola süresi dolduğu için kapatıldı$/.test(m.subject);
    await eventually(
      async () => (await mailsTo(rotating)).filter(closed),
      (l) => l.length >= 1,
    );
    await drained(runtime, ['email']);
    expect((await mailsTo(rotating)).filter(closed)).toHaveLength(1);
    expect((await smsTo(rotating)).filter((s) => s.message.startsWith('Parola süresi doldu'))).toHaveLength(1);
    const operator = await api.tokenOf('operator');
    expect((await api.call(operator, 'GET', `/v1/institutions/${INSTITUTION}/progress`)).body).toMatchObject({ expired: 2, activated: 0 });
  }, 120_000);
  it('the officer files the signed reset form: one SMS with a new temporary password, the member signs in with it, the officer never sees it', async () => {
    const operator = await api.tokenOf('operator');
    const csv = await (
      await fetch(`${api.api}/v1/institutions/${INSTITUTION}/members.csv`, { headers: { authorization: `Bearer ${operator}` } })
    ).text();
    const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = (lines[0] as string).split(',');
    const memberId = lines.find((l) => l.includes(loginOf(rotating)))?.split(',')[header.indexOf('memberId')];
    const before = (await smsTo(rotating)).length;

    const officer = await api.tokenOf('officer');
    const filed = await api.call(officer, 'POST', '/v1/reset-requests', {
      memberId,
      form: {
        number: 'MEB-2027/0007',
        signedOn: '2026-11-20',
        approverName: 'Ayşe Demir',
        approverTitle: 'Okul Müdürü',
        archivedAt: 'İdari arşiv',
      },
    });
    expect(filed).toMatchObject({ status: 201, body: { state: 'done', approval: 'recorded-form' } });

    const texts = await eventually(
      () => smsTo(rotating),
      (l) => l.length > before,
    );
    expect(texts).toHaveLength(before + 1);
    const password = /: (\S+)$/.exec((texts[texts.length - 1] as SmsRecord).message)?.[1] ?? '';
    expect(password).toMatch(/^\S{12,}$/);
    expect(JSON.stringify(filed.body)).not.toContain(password);
    expect(await enabled(rotating)).toBe(true);
    await completeFirstSignIn(runtime, loginOf(rotating), password, 'Yeni-Parolam-2027!');
    // The password-expiry report counts what happened: one account still closed (the idle
    // member), one reopened this week.
    const report = await api.call(operator, 'GET', `/v1/reports/password-expiry?institutionCode=${INSTITUTION}`);
    expect(report.body).toMatchObject({ closed: 1, reopenedThisWeek: 1 });
    expect(
      await eventually(
        () => stateOf(rotating),
        (s) => s === 'activated',
      ),
    ).toBe('activated');
  }, 120_000);
});
