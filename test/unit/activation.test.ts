import { describe, expect, it } from 'vitest';
import { accountView } from '../../shared/activation/account-view';
import {
  type ActivationDeps,
  confirmActivation,
  STEP1_MESSAGE,
  STEP2_SMS_REFUSED,
  startActivation,
} from '../../shared/activation/activate';
import { deliverActivationNotice, reopenActivationWindow } from '../../shared/activation/activation-notices';
import type { ActivationAttempt, AttemptStore } from '../../shared/activation/attempt-store';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Clock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { type OtpChallenge, otpHasher } from '../../shared/otp/otp';
import { rateKeyHasher } from '../../shared/otp/rate-limit';
import { loadProfile, type ProfileId } from '../../shared/profiles';
import { SmsRejectedError } from '../../shared/sms/send-sms';
import { actorOf, held } from '../helpers/actors';
import { memoryLimiter } from '../helpers/memory-limiter';
import { russianRow } from '../helpers/staff-fixtures';

const SECRET = 's'.repeat(32);
const DAY = 86_400_000;

/** In-memory stores with the DynamoDB stores' conditions, and a clock the test moves. */
function world(profileId: ProfileId = 'ru-moscow') {
  let now = new Date('2027-03-01T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const members = new Map<string, Member>();
  const moves: unknown[] = [];
  const otps = new Map<string, OtpChallenge>();
  const attempts = new Map<string, ActivationAttempt>();
  const guards = new Map<string, { failures: number; expiresAt: number }>();
  const sms: { phone: string; text: string }[] = [];
  const emails: EmailMessage[] = [];
  const audits: AuditEntry[] = [];
  const cognito = new Map<string, { attributes: Record<string, string>; password?: string; enabled: boolean }>();
  const hashNationalId = nationalIdHasher(SECRET);
  const attemptStore: AttemptStore = {
    create: async (a) => void attempts.set(a.attemptId, { ...a }),
    get: async (id) => (attempts.has(id) ? { ...(attempts.get(id) as ActivationAttempt) } : null),
    async markUsed(id, at) {
      const a = attempts.get(id);
      if (!a || a.usedAt) return false;
      a.usedAt = at;
      return true;
    },
    async countFailure(key, at, keepSeconds) {
      const g = guards.get(key);
      const live = g && g.expiresAt > at.getTime() ? g : { failures: 0, expiresAt: at.getTime() + keepSeconds * 1000 };
      live.failures++;
      guards.set(key, live);
      return live.failures;
    },
    failures: async (key, at) => {
      const g = guards.get(key);
      return g && g.expiresAt > at.getTime() ? g.failures : 0;
    },
    clearFailures: async (key) => void guards.delete(key),
  };
  let ids = 0;
  const deps: ActivationDeps = {
    members: {
      get: async (id) => structuredClone(members.get(id) ?? null),
      async advance(id, from, set, progress, remove = []) {
        const m = members.get(id);
        if (!m || !from.includes(m.state)) return false;
        if (progress) moves.push(progress);
        Object.assign(m, set);
        for (const k of remove) delete (m as unknown as Record<string, unknown>)[k];
        return true;
      },
    },
    attempts: attemptStore,
    otps: {
      put: async (s, c) => void otps.set(s, { ...c }),
      async countTry(s) {
        const c = otps.get(s);
        if (!c) return null;
        if (c.attempts < c.maxAttempts) c.attempts++;
        else return { ...c, attempts: c.maxAttempts + 1 };
        return { ...c };
      },
      discard: async (s) => void otps.delete(s),
    },
    limiter: memoryLimiter().limiter,
    rateKey: rateKeyHasher(SECRET),
    hashOtp: otpHasher(SECRET),
    hashNationalId,
    directory: {
      async createUser(username, attributes) {
        if (cognito.has(username)) return 'existed';
        cognito.set(username, { attributes, enabled: true });
        return 'created';
      },
      async setTemporaryPassword(username, password) {
        const u = cognito.get(username);
        if (u) u.password = password;
      },
      async enableUser(username) {
        const u = cognito.get(username);
        if (u) u.enabled = true;
      },
    },
    sms: { send: async (phone, text) => String(sms.push({ phone, text })) },
    failures: { record: async () => 'recorded' as const },
    audit: { record: async (e) => void audits.push(e) },
    profile: loadProfile(profileId),
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  const noticeDeps = {
    members: deps.members,
    sms: deps.sms,
    failures: deps.failures,
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    audit: deps.audit,
    profile: deps.profile,
    clock,
    supportCodeKey: SECRET,
  };
  /** An imported, pending member (row i). */
  function imported(i: number): { member: Member; nationalId: string; phone: string } {
    const row = russianRow(i, 'SCH001');
    const nationalId = row.nationalId.replace(/\D/g, '');
    const { memberId, hmac } = hashNationalId(nationalId);
    const member: Member = {
      memberId,
      nidHmac: hmac,
      nidLast3: nationalId.slice(-3),
      givenName: row.givenName,
      familyName: row.familyName,
      phone: row.phone,
      institutionCode: 'SCH001',
      category: 'teacher',
      oldAddress: null,
      alternateEmail: row.alternateEmail,
      locale: 'ru',
      address: `${row.latinLocal}@edu.mos.ru`,
      state: 'pending',
      rowHash: 'h',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      importJobId: 'job',
    };
    members.set(memberId, member);
    return { member, nationalId: row.nationalId, phone: row.phone };
  }
  const invite = (memberId: string) =>
    deliverActivationNotice(
      { kind: 'activation-notice', memberId, requestedBy: 'admin-sub', role: 'school-admin', requestId: 'r1' },
      noticeDeps,
    );
  const lastCode = () => /(\d{6})$/.exec(sms.at(-1)?.text ?? '')?.[1] ?? '';
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { deps, members, moves, sms, emails, audits, cognito, guards, otps, imported, invite, lastCode, advance, clock };
}

describe('activation notice', () => {
  it('opens a 60-day window once; a re-send keeps it; the deadline index follows the window', async () => {
    const w = world();
    const { member } = w.imported(1);
    expect(await w.invite(member.memberId)).toBe('sent');
    const opened = w.members.get(member.memberId) as Member;
    expect(opened).toMatchObject({ state: 'notified', activationWindowEndsAt: '2027-04-30T09:00:00.000Z', noticesSent: 1 });
    expect(opened.deadlinePk).toMatch(/^DEADLINE#2027-04-30#\d$/);
    // Re-delivered at the profile's cadence (7 days) like a lot's invitations: a `due` entry.
    expect(opened.duePk).toMatch(/^NOTICE#2027-03-08#\d$/);
    expect(w.sms.at(-1)?.text).toContain('60 дней');
    expect(w.sms.at(-1)?.text).toContain('https://lk.edu.mos.ru/activate');
    expect(w.emails.at(-1)).toMatchObject({ template: 'activation-notice', to: member.alternateEmail, locale: 'ru' });

    w.advance(10 * DAY);
    expect(await w.invite(member.memberId)).toBe('sent');
    expect(w.members.get(member.memberId)?.activationWindowEndsAt).toBe('2027-04-30T09:00:00.000Z');
    expect(w.sms.at(-1)?.text).toContain('50 дней');
    expect(w.audits.map((a) => a.action)).toEqual(['activation.notice-sent', 'activation.notice-resent']);
  });

  it('profiles without a window of their own use 60 days (it-miur, tr-meb)', async () => {
    const w = world('tr-meb');
    const { member } = w.imported(2);
    await w.invite(member.memberId);
    expect(w.members.get(member.memberId)?.activationWindowEndsAt).toBe('2027-04-30T09:00:00.000Z');
  });
});

describe('activation step 1', () => {
  it('answers matched and unmatched alike, and only the matched member gets a code', async () => {
    const w = world();
    const a = w.imported(3);
    await w.invite(a.member.memberId);
    const smsBefore = w.sms.length;
    const matched = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '1.1.1.1', 'q1', w.deps);
    const wrongPhone = await startActivation({ nationalId: a.nationalId, phone: '+79161234567' }, '1.1.1.1', 'q2', w.deps);
    const stranger = await startActivation({ nationalId: w.imported(4).nationalId, phone: '+79169999999' }, '1.1.1.1', 'q3', w.deps);
    for (const answer of [matched, wrongPhone, stranger]) {
      expect(Object.keys(answer)).toEqual(['attemptId', 'message']);
      expect(answer.message).toBe(STEP1_MESSAGE);
    }
    expect(w.sms.length).toBe(smsBefore + 1);
    expect(w.sms.at(-1)).toMatchObject({ phone: a.phone });
    expect(w.lastCode()).toMatch(/^\d{6}$/);
  });

  it.each([
    ['8 (9xx) xxx-xx-xx', (e164: string) => `8 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}`],
    ['007 9xx xxx xx xx', (e164: string) => `007 ${e164.slice(2, 5)} ${e164.slice(5, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`],
  ])('the member is matched with the SNILS and phone typed as people write them (%s), read as the import read them', async (_, write) => {
    const w = world();
    const a = w.imported(5);
    await w.invite(a.member.memberId);
    const snils = `${a.nationalId.slice(0, 3)}-${a.nationalId.slice(3, 6)}-${a.nationalId.slice(6, 9)}\u00a0${a.nationalId.slice(9)}`;
    const smsBefore = w.sms.length;
    await startActivation({ nationalId: snils, phone: write(a.phone) }, '1.1.1.2', 'q', w.deps);
    expect(w.sms.length).toBe(smsBefore + 1);
    expect(w.sms.at(-1)).toMatchObject({ phone: a.phone });
  });

  it('the per-phone cooldown answers 429 to matched and unmatched alike', async () => {
    const w = world();
    const a = w.imported(5);
    await w.invite(a.member.memberId);
    await startActivation({ nationalId: a.nationalId, phone: a.phone }, '2.2.2.2', 'q', w.deps);
    await expect(startActivation({ nationalId: a.nationalId, phone: a.phone }, '2.2.2.2', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_requests',
    });
    // A stranger's number hits the same cooldown.
    const x = { nationalId: w.imported(6).nationalId, phone: '+79160000001' };
    await startActivation(x, '3.3.3.3', 'q', w.deps);
    await expect(startActivation(x, '3.3.3.3', 'q', w.deps)).rejects.toMatchObject({ status: 429 });
  });
});

describe('activation step 1 after the window closed', () => {
  it('answers like everyone else, and tells the member why no code comes, on the phone on record only', async () => {
    const w = world();
    const a = w.imported(30);
    await w.invite(a.member.memberId);
    w.advance(61 * DAY);
    const before = w.sms.length;
    const answer = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '4.4.4.4', 'q', w.deps);
    expect(answer.message).toBe(STEP1_MESSAGE);
    expect(w.members.get(a.member.memberId)?.state).toBe('activation-expired');
    expect(w.sms.slice(before)).toEqual([{ phone: a.phone, text: expect.stringContaining('Срок активации почты истёк') }]);
    // Someone else's phone with the member's ID learns nothing, and nothing is sent anywhere.
    w.advance(61_000);
    const other = await startActivation({ nationalId: a.nationalId, phone: '+79160000077' }, '4.4.4.5', 'q', w.deps);
    expect(other.message).toBe(STEP1_MESSAGE);
    expect(w.sms.length).toBe(before + 1);
    // Already closed by a sweep: told again on a later try (the step-1 limits bound how often).
    w.advance(61_000);
    await startActivation({ nationalId: a.nationalId, phone: a.phone }, '4.4.4.6', 'q', w.deps);
    expect(w.sms.length).toBe(before + 2);
  });

  it('a phone a re-import changed within the hold is not told either: the same answer, no SMS, the reason audited', async () => {
    const w = world();
    const a = w.imported(31);
    await w.invite(a.member.memberId);
    w.advance(61 * DAY);
    (w.members.get(a.member.memberId) as Member).phoneChangedAt = w.clock.now().toISOString();
    const before = w.sms.length;
    const answer = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '4.4.4.7', 'q', w.deps);
    expect(answer.message).toBe(STEP1_MESSAGE);
    expect(w.members.get(a.member.memberId)?.state).toBe('activation-expired');
    expect(w.sms.length).toBe(before);
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.code-requested', reason: 'window-closed-channel-recently-changed' });
    // Once the hold is over, the member on the (now settled) phone is told.
    w.advance(DAY + 61_000);
    await startActivation({ nationalId: a.nationalId, phone: a.phone }, '4.4.4.8', 'q', w.deps);
    expect(w.sms.slice(before)).toEqual([{ phone: a.phone, text: expect.stringContaining('Срок активации почты истёк') }]);
  });

  it('the public SMS gate comes first: a number outside the profile’s countries is 400 and nobody is told', async () => {
    const w = world();
    const a = w.imported(32);
    await w.invite(a.member.memberId);
    w.advance(61 * DAY);
    const before = w.sms.length;
    await expect(startActivation({ nationalId: a.nationalId, phone: '+393471234567' }, '4.4.4.9', 'q', w.deps)).rejects.toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'body.phone', code: 'phone_country_not_allowed' })],
    });
    expect(w.sms.length).toBe(before);
  });
});

describe('activation step 1 limits', () => {
  it('5 codes a day per person (phone cooldown respected), then 429; a new day allows again', async () => {
    const w = world();
    const a = w.imported(20);
    await w.invite(a.member.memberId);
    for (let i = 0; i < 5; i++) {
      await startActivation({ nationalId: a.nationalId, phone: a.phone }, `10.0.0.${i}`, 'q', w.deps);
      w.advance(61_000);
    }
    await expect(startActivation({ nationalId: a.nationalId, phone: a.phone }, '10.0.1.1', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
    });
    w.advance(86_400_000);
    await expect(startActivation({ nationalId: a.nationalId, phone: a.phone }, '10.0.1.1', 'q', w.deps)).resolves.toHaveProperty(
      'attemptId',
    );
  });

  it('the profile’s requests an hour per source IP (60), then 429 whoever is asked for', async () => {
    const w = world();
    for (let i = 0; i < 60; i++) {
      await startActivation(
        { nationalId: w.imported(100 + i).nationalId, phone: `+7916${String(i).padStart(3, '0')}0000` },
        '7.7.7.7',
        'q',
        w.deps,
      );
    }
    const a = w.imported(180);
    await w.invite(a.member.memberId);
    await expect(startActivation({ nationalId: a.nationalId, phone: a.phone }, '7.7.7.7', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_requests_from_network',
    });
    await expect(startActivation({ nationalId: a.nationalId, phone: a.phone }, '7.7.7.8', 'q', w.deps)).resolves.toHaveProperty(
      'attemptId',
    );
  });

  it('a mobile of another country is refused (400, the same for everyone) and nothing is sent', async () => {
    const w = world();
    const a = w.imported(181);
    await w.invite(a.member.memberId);
    const sent = w.sms.length;
    await expect(startActivation({ nationalId: a.nationalId, phone: '+77012345678' }, '7.7.7.9', 'q', w.deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'body.phone', code: 'phone_country_not_allowed', message: 'Codes are sent only to mobile numbers of RU (+7)' }],
    });
    expect(w.sms.length).toBe(sent);
  });
});

describe('activation step 2', () => {
  async function started(w: ReturnType<typeof world>, i: number) {
    const a = w.imported(i);
    await w.invite(a.member.memberId);
    const { attemptId } = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '9.9.9.9', 'q', w.deps);
    return { ...a, attemptId, code: w.lastCode() };
  }

  it('creates the account, sends the temporary password, never returns it; the code works once', async () => {
    const w = world();
    const s = await started(w, 7);
    const out = await confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps);
    expect(out).toEqual({ login: s.member.address, message: 'password sent by SMS' });
    const account = w.cognito.get(s.member.address);
    expect(account?.attributes).toMatchObject({ phone_number: s.phone, phone_number_verified: 'true', locale: 'ru' });
    expect(w.sms.at(-1)?.text.endsWith(account?.password as string)).toBe(true);
    expect(JSON.stringify(out)).not.toContain(account?.password);
    const m = w.members.get(s.member.memberId) as Member;
    // An account with a temporary password not yet replaced: counted apart from the merely invited.
    expect(m).toMatchObject({ state: 'account-created', accountCreatedAt: w.clock.now().toISOString() });
    expect(w.moves.at(-1)).toEqual({
      scope: { lotId: null, institutionCode: m.institutionCode },
      delta: { notified: -1, accountCreated: 1 },
    });
    // The temporary-password deadline (7 days) replaced the window in the index.
    expect(m.deadlineSk?.startsWith('2027-03-08T09:00:00.000Z')).toBe(true);
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.completed', actor: s.member.memberId, outcome: 'success' });
    expect(JSON.stringify(w.audits)).not.toContain(s.code);
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({ status: 400, code: 'code_used' });
  });

  it('a code is valid 10 minutes: 9m59s works, 10m does not', async () => {
    const w = world();
    const s = await started(w, 8);
    w.advance(600_000);
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 400,
      code: 'code_expired',
    });
    const t = await started(w, 9);
    w.advance(599_000);
    await expect(confirmActivation(t.attemptId, t.code, '9.9.9.9', 'q', w.deps)).resolves.toMatchObject({ login: t.member.address });
  });

  it('5 wrong codes on attempts whose code reached the member lock it for 24 hours; only the right code learns it', async () => {
    const w = world();
    const s = await started(w, 10);
    const wrong = s.code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) {
      await expect(confirmActivation(s.attemptId, wrong, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
        status: 400,
        code: 'code_invalid',
      });
    }
    w.advance(61_000);
    const again = await startActivation({ nationalId: s.nationalId, phone: s.phone }, '9.9.9.9', 'q', w.deps);
    const code = w.lastCode();
    await expect(confirmActivation(again.attemptId, wrong, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({ code: 'code_invalid' });
    // The fifth wrong code locks the member, but answers by the attempt (3 tries left on it): a
    // wrong code never tells whether the attempt matched or whether anyone is locked.
    const fifth = confirmActivation(again.attemptId, wrong, '9.9.9.9', 'q', w.deps);
    await expect(fifth).rejects.toMatchObject({ status: 400, code: 'code_invalid', message: 'The code is not right (3 tries left)' });
    expect(w.members.get(s.member.memberId)?.activationLockedUntil).toBe(new Date(w.clock.now().getTime() + DAY).toISOString());
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.locked', outcome: 'refused' });
    // Whoever proves the phone (the right code) learns it: 429, and no account.
    await expect(confirmActivation(again.attemptId, code, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
    expect(w.cognito.has(s.member.address)).toBe(false);
    // Locked: no code is sent, the answer is the same.
    w.advance(61_000);
    const sent = w.sms.length;
    const locked = await startActivation({ nationalId: s.nationalId, phone: s.phone }, '9.9.9.9', 'q', w.deps);
    expect(locked.message).toBe(STEP1_MESSAGE);
    expect(w.sms.length).toBe(sent);
    // 24 hours later the lock has run out and the count started again.
    w.advance(DAY);
    const later = await startActivation({ nationalId: s.nationalId, phone: s.phone }, '9.9.9.9', 'q', w.deps);
    await expect(confirmActivation(later.attemptId, w.lastCode(), '9.9.9.9', 'q', w.deps)).resolves.toMatchObject({
      login: s.member.address,
    });
  });

  it('an unmatched attempt fails like a matched one: code_invalid, then 429 at the fifth and after', async () => {
    const w = world();
    const { attemptId } = await startActivation({ nationalId: w.imported(11).nationalId, phone: '+79160000011' }, '9.9.9.9', 'q', w.deps);
    for (let i = 0; i < 4; i++) {
      await expect(confirmActivation(attemptId, '123456', '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
        status: 400,
        code: 'code_invalid',
      });
    }
    await expect(confirmActivation(attemptId, '123456', '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
    await expect(confirmActivation(attemptId, '123456', '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
  });

  it('a stranger’s attempts (the member’s national ID, another phone) never lock the member, however many', async () => {
    const w = world();
    const s = await started(w, 13);
    // Three attempts of the attacker, from three networks, every try wrong.
    for (let a = 0; a < 3; a++) {
      const { attemptId } = await startActivation({ nationalId: s.nationalId, phone: `+7916000010${a}` }, `6.6.6.${a}`, 'q', w.deps);
      for (let i = 0; i < 5; i++) await confirmActivation(attemptId, '123456', `6.6.6.${a}`, 'q', w.deps).catch(() => undefined);
    }
    expect(w.members.get(s.member.memberId)?.activationLockedUntil).toBeUndefined();
    expect(w.guards.get(s.member.memberId)).toBeUndefined();
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).resolves.toMatchObject({ login: s.member.address });
  });

  it('a source past 20 wrong codes an hour is stopped before any code is compared; other sources are not', async () => {
    const w = world();
    const s = await started(w, 14);
    for (let a = 0; a < 4; a++) {
      const { attemptId } = await startActivation(
        { nationalId: w.imported(200 + a).nationalId, phone: `+7916000020${a}` },
        '5.5.5.5',
        'q',
        w.deps,
      );
      for (let i = 0; i < 5; i++) await confirmActivation(attemptId, '123456', '5.5.5.5', 'q', w.deps).catch(() => undefined);
    }
    // Even the member's right code, from that source: 429 (everyone alike), and nothing is spent.
    await expect(confirmActivation(s.attemptId, s.code, '5.5.5.5', 'q', w.deps)).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      message: 'Too many wrong codes from your network: try again later',
    });
    expect(w.otps.get(`activation:${s.attemptId}`)?.attempts).toBe(0);
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).resolves.toMatchObject({ login: s.member.address });
    // An hour after its first failure the source may try again.
    w.advance(3_600_000);
    const t = await started(w, 15);
    await expect(confirmActivation(t.attemptId, t.code, '5.5.5.5', 'q', w.deps)).resolves.toMatchObject({ login: t.member.address });
  });

  it('a phone a re-import changed within the hold gets no code (same answer); a code sent before the change buys no password', async () => {
    const w = world();
    const s = await started(w, 16);
    (w.members.get(s.member.memberId) as Member).phoneChangedAt = w.clock.now().toISOString();
    // Step 2 with the code that went to the phone before the change: 409 with when it clears, no account.
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 409,
      code: 'channel_recently_changed',
      extensions: { clearsAt: new Date(w.clock.now().getTime() + DAY).toISOString() },
    });
    expect(w.cognito.has(s.member.address)).toBe(false);
    // Step 1 now: the same answer, no SMS, the refusal audited.
    w.advance(61_000);
    const sent = w.sms.length;
    const again = await startActivation({ nationalId: s.nationalId, phone: s.phone }, '9.9.9.9', 'q', w.deps);
    expect(again.message).toBe(STEP1_MESSAGE);
    expect(w.sms.length).toBe(sent);
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.code-requested', reason: 'channel-recently-changed' });
    // Once the hold is over, activation works.
    w.advance(DAY);
    const later = await startActivation({ nationalId: s.nationalId, phone: s.phone }, '9.9.9.9', 'q', w.deps);
    await expect(confirmActivation(later.attemptId, w.lastCode(), '9.9.9.9', 'q', w.deps)).resolves.toMatchObject({
      login: s.member.address,
    });
  });

  it('at the window end (exclusive) step 2 is refused, the member is activation-expired, and reopen restores it', async () => {
    const w = world();
    const s = await started(w, 12);
    // Step 1 just before the end, step 2 at the end.
    const stored = w.members.get(s.member.memberId) as Member;
    stored.activationWindowEndsAt = new Date(w.clock.now().getTime() + 1000).toISOString();
    w.advance(1000);
    await expect(confirmActivation(s.attemptId, s.code, '9.9.9.9', 'q', w.deps)).rejects.toMatchObject({
      status: 409,
      code: 'activation_window_closed',
    });
    const m = w.members.get(s.member.memberId) as Member;
    expect(m.state).toBe('activation-expired');
    expect(m.deadlinePk).toBeUndefined();

    const admin = actorOf('reopenActivationWindow', [held('school-admin', 'SCH001')], { sub: 'admin' });
    const queued: string[] = [];
    const reopenDeps = {
      members: w.deps.members,
      enqueue: async (x: { memberId: string }) => void queued.push(x.memberId),
      audit: w.deps.audit,
      profile: w.deps.profile,
      clock: w.clock,
    };
    const other = actorOf('reopenActivationWindow', [held('school-admin', 'SCH999')], { sub: 'admin' });
    await expect(reopenActivationWindow(m.memberId, 'asked by phone', other, 'q', reopenDeps)).rejects.toMatchObject({ status: 403 });
    const out = await reopenActivationWindow(m.memberId, 'asked by phone', admin, 'q', reopenDeps);
    expect(out).toMatchObject({ state: 'notified', activationWindowEndsAt: new Date(w.clock.now().getTime() + 60 * DAY).toISOString() });
    expect(queued).toEqual([m.memberId]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.window-reopened', reason: 'asked by phone' });
  });
});

describe('GET /v1/me account view', () => {
  const base = { state: 'activated', activatedAt: '2027-03-01T10:00:00.000Z', passwordChangedAt: '2027-03-01T10:00:00.000Z' } as Member;
  it('tr-meb: the chosen password expires after 30 days (not the 7-day warning)', () => {
    expect(accountView(base, loadProfile('tr-meb')).nextExpiry).toBe('2027-03-31T10:00:00.000Z');
  });
  it('ru-moscow and it-miur: a chosen password does not expire', () => {
    expect(accountView(base, loadProfile('ru-moscow')).nextExpiry).toBeNull();
    expect(accountView(base, loadProfile('it-miur')).nextExpiry).toBeNull();
  });
  it('a pending temporary password expires after 7 days', () => {
    const m = { ...base, state: 'notified', passwordChangedAt: undefined, temporaryPasswordSetAt: '2027-03-01T10:00:00.000Z' } as Member;
    expect(accountView(m, loadProfile('ru-moscow')).nextExpiry).toBe('2027-03-08T10:00:00.000Z');
  });
});

describe('a number SNS refuses (issue #17): told, never answered as if an SMS went out', () => {
  /** From now on SNS refuses every SMS to `phone` (opted out); the failures recorded are kept. */
  function refuse(w: ReturnType<typeof world>, phone: string) {
    const recorded: Array<{ memberId: string; kind: string }> = [];
    const send = w.deps.sms.send;
    w.deps.sms.send = async (to, text, institution) => {
      if (to === phone) throw new SmsRejectedError('OptedOutException');
      return send(to, text, institution);
    };
    w.deps.failures.record = async (memberId, failure) => {
      recorded.push({ memberId, kind: failure.kind });
      return 'recorded';
    };
    return recorded;
  }

  it('the invitation is still sent by email, saying the number cannot receive SMS; the refusal is recorded', async () => {
    const w = world();
    const a = w.imported(30);
    const recorded = refuse(w, a.phone);
    expect(await w.invite(a.member.memberId)).toBe('sent');
    expect(recorded).toEqual([{ memberId: a.member.memberId, kind: 'sms-rejected' }]);
    expect(w.emails.at(-1)).toMatchObject({ template: 'activation-notice', data: { smsRefused: true } });
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.notice-sent', details: { smsRefused: true } });
  });

  it('step 1 answers everybody alike (with what a missing SMS may mean) and records the refusal', async () => {
    const w = world();
    const a = w.imported(31);
    await w.invite(a.member.memberId);
    const recorded = refuse(w, a.phone);
    const answer = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '4.4.4.4', 'q', w.deps);
    expect(answer.message).toBe(STEP1_MESSAGE);
    expect(STEP1_MESSAGE).toMatch(/If no SMS arrives, the mobile number on record may be unable to receive SMS/);
    expect(recorded).toEqual([{ memberId: a.member.memberId, kind: 'sms-rejected' }]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'activation.code-requested', outcome: 'refused', reason: 'sms-rejected' });
  });

  it('step 2 says the password was not sent when SNS refuses the number', async () => {
    const w = world();
    const a = w.imported(32);
    await w.invite(a.member.memberId);
    const { attemptId } = await startActivation({ nationalId: a.nationalId, phone: a.phone }, '5.5.5.5', 'q', w.deps);
    const code = w.lastCode();
    refuse(w, a.phone);
    const out = await confirmActivation(attemptId, code, '5.5.5.5', 'q', w.deps);
    expect(out).toEqual({ login: a.member.address, message: STEP2_SMS_REFUSED });
  });
});
