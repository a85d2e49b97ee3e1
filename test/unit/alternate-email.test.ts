import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Clock } from '../../shared/clock';
import { EMAIL_CODE_TEMPLATES, emailCoder, withEmailCode } from '../../shared/email/email-code';
import type { EmailMessage } from '../../shared/email/email-message';
import { templatePlaceholders } from '../../shared/i18n/email-templates';
import type { PasswordDirectory } from '../../shared/identity/cognito-directory';
import type { Member } from '../../shared/members/member';
import { otpHasher } from '../../shared/otp/otp';
import { rateKeyHasher } from '../../shared/otp/rate-limit';
import { ALTERNATE_EMAIL_HOLD_HOURS, alternateEmailView, maskEmail } from '../../shared/passwords/alternate-email';
import type { AlternateEmailStore } from '../../shared/passwords/alternate-email-store';
import {
  type AlternateEmailDeps,
  addAlternateEmail,
  removeAlternateEmail,
  verifyAlternateEmail,
} from '../../shared/passwords/alternate-email-use-cases';
import { confirmPasswordReset, forgotAnswer, requestPasswordReset } from '../../shared/passwords/password-use-cases';
import { loadProfile } from '../../shared/profiles';
import { memoryOtpStore, memoryRateLimiter } from '../helpers/memory-ports';

const SECRET = 'unit-test-secret-of-at-least-32-characters';
const LOGIN = 'mario.rossi@posta.istruzione.it';
const HR = 'mario.hr@example.org';
const MINE = 'mario.personal@example.org';
const NEW_PASSWORD = 'Nuova-Password-42';
const HOUR = 3_600_000;

const base: Member = {
  memberId: 'm-1',
  nidHmac: 'h',
  nidLast3: '12A',
  givenName: 'Mario',
  familyName: 'Rossi',
  phone: '+393471234567',
  institutionCode: 'RMIC00001',
  category: 'teacher',
  oldAddress: 'mario.rossi@istruzione.it',
  alternateEmail: HR,
  locale: 'it',
  address: LOGIN,
  state: 'activated',
  rowHash: 'r',
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  importJobId: 'j',
};
const other: Member = {
  ...base,
  memberId: 'm-2',
  address: 'giulia.bianchi@posta.istruzione.it',
  phone: '+393470000002',
  alternateEmail: null,
};

/** Everything in memory: members, codes, limits, the outboxes, the trail; a clock the test moves. */
function world(members: Member[] = [base, other]) {
  const byId = new Map(members.map((m) => [m.memberId, structuredClone(m)]));
  const byLogin = (login: string) => [...byId.values()].find((m) => m.address === login) ?? null;
  const emails: EmailMessage[] = [];
  const sms: { phone: string; text: string }[] = [];
  const audits: AuditEntry[] = [];
  const passwords = new Map<string, string>();
  let now = new Date('2027-02-03T10:15:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const store: AlternateEmailStore = {
    setPending: async (id, pending) => void Object.assign(byId.get(id) as Member, { pendingAlternateEmail: pending }),
    async confirmPending(id, key, address, at) {
      const m = byId.get(id) as Member;
      if (m.pendingAlternateEmail?.key !== key) return false;
      Object.assign(m, { verifiedAlternateEmail: address, alternateEmailVerifiedAt: at, pendingAlternateEmail: undefined });
      return true;
    },
    async dropPending(id, key) {
      const m = byId.get(id) as Member;
      if (m.pendingAlternateEmail?.key === key) m.pendingAlternateEmail = undefined;
    },
    async remove(id, verified) {
      const m = byId.get(id) as Member;
      if ((m.verifiedAlternateEmail ?? null) !== verified) return false;
      Object.assign(m, { verifiedAlternateEmail: undefined, alternateEmailVerifiedAt: undefined, pendingAlternateEmail: undefined });
      return true;
    },
  };
  const directory: PasswordDirectory = {
    forgotPassword: async () => 'sent',
    confirmForgotPassword: async () => 'done',
    changePassword: async () => 'done',
    async resetPassword(login, password) {
      if (!byLogin(login)) return 'unknown-user';
      passwords.set(login, password);
      return 'done';
    },
  };
  const otps = memoryOtpStore();
  let nonce = 0;
  const deps = {
    members: { getByAddress: async (login: string) => structuredClone(byLogin(login)) },
    records: {
      memberByLogin: async (login: string) => structuredClone(byLogin(login)),
      memberById: async (id: string) => structuredClone(byId.get(id) ?? null),
      async recordChange(id: string, at: string) {
        Object.assign(byId.get(id) as Member, { passwordChangedAt: at });
        return true;
      },
    },
    store,
    directory,
    otps,
    limiter: memoryRateLimiter(),
    rateKey: rateKeyHasher(SECRET),
    hashOtp: otpHasher(SECRET),
    emailCode: emailCoder(SECRET),
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    sms: { send: async (phone: string, text: string) => String(sms.push({ phone, text })) },
    audit: { record: async (e: AuditEntry) => void audits.push(e) },
    profile: loadProfile('it-miur'),
    clock,
    newNonce: () => `n${++nonce}`,
  } satisfies AlternateEmailDeps & Record<string, unknown>;
  /** The code as the email consumer inserts it, just before SES. */
  const codeIn = (message: EmailMessage | undefined) => String(withEmailCode(message as EmailMessage, emailCoder(SECRET)).data.code);
  const caller = (m: Member) => ({ sub: `sub-${m.memberId}`, login: m.address });
  return {
    deps,
    emails,
    sms,
    audits,
    passwords,
    otps,
    member: (id = 'm-1') => byId.get(id) as Member,
    caller,
    codeIn,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

type World = ReturnType<typeof world>;

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error & { status?: number; code?: string; field?: string }) => e,
  );

/** Adds and proves MINE for the member, as the member would. */
async function verified(w: World, address = MINE) {
  await addAlternateEmail({ email: address }, w.caller(w.member()), w.deps, 'r-add');
  await verifyAlternateEmail({ code: w.codeIn(w.emails.at(-1)) }, w.caller(w.member()), w.deps, 'r-verify');
}

describe('the email code', () => {
  it('is 6 digits, derived from the business key (the same key, the same code), and inserted only into code templates', () => {
    const coder = emailCoder(SECRET);
    expect(coder('k#1')).toMatch(/^\d{6}$/);
    expect(coder('k#1')).toBe(coder('k#1'));
    expect(new Set(Array.from({ length: 50 }, (_, i) => coder(`k#${i}`))).size).toBeGreaterThan(45);
    expect(emailCoder(`${SECRET}-other`)('k#1')).not.toBe(coder('k#1'));
    const message: EmailMessage = {
      key: 'k#1',
      template: 'password-changed',
      locale: 'it',
      to: MINE,
      data: { code: '123456', login: LOGIN },
    };
    expect(withEmailCode(message, coder).data).toEqual({ login: LOGIN });
    for (const template of EMAIL_CODE_TEMPLATES) {
      expect(withEmailCode({ ...message, template, data: { code: 'forged' } }, coder).data).toEqual({ code: coder('k#1') });
    }
  });
});

describe('adding and proving an alternate email', () => {
  it('refuses a malformed address and one inside the ministry domains, by field, sending nothing', async () => {
    const w = world();
    for (const [email, code] of [
      ['not-an-address', 'email_invalid'],
      ['mario@posta.istruzione.it', 'alternate_email_domain'],
      ['Mario@Istruzione.it', 'alternate_email_domain'],
    ] as const) {
      const error = await errorOf(addAlternateEmail({ email }, w.caller(base), w.deps, 'r'));
      expect(error).toMatchObject({ status: 400, code: 'validation_failed', field: 'body.email' });
      expect(JSON.stringify(error)).toContain(code);
    }
    expect([w.emails, w.audits, w.otps.challenges.size]).toEqual([[], [], 0]);
  });

  it('sends a code to the new address (never in the message), proves it, and tells the old channels', async () => {
    const w = world();
    const sent = await addAlternateEmail({ email: ' Mario.Personal@Example.org ' }, w.caller(base), w.deps, 'r-add');
    expect(sent).toEqual({ status: 'code-sent', email: 'm***l@example.org', codeExpiresAt: '2027-02-03T10:25:00.000Z' });
    expect(w.emails).toHaveLength(1);
    const [codeEmail] = w.emails;
    expect(codeEmail).toMatchObject({ template: 'alternate-email-code', to: MINE, key: 'alternate-email-code#m-1#n1', locale: 'it' });
    // Exactly the template's placeholders but `code`, which the consumer adds.
    expect(Object.keys(codeEmail?.data ?? {}).sort()).toEqual(templatePlaceholders('alternate-email-code').filter((p) => p !== 'code'));
    expect(w.member().pendingAlternateEmail).toMatchObject({ address: MINE, key: 'alternate-email-code#m-1#n1' });
    expect(w.member().verifiedAlternateEmail).toBeUndefined();

    const code = w.codeIn(codeEmail);
    w.advance(5 * 60_000);
    const done = await verifyAlternateEmail({ code }, w.caller(base), w.deps, 'r-verify');
    expect(done).toEqual({ status: 'verified', email: 'm***l@example.org', resetCodesFrom: '2027-02-04T10:20:00.000Z' });
    expect(w.member()).toMatchObject({ verifiedAlternateEmail: MINE, alternateEmailVerifiedAt: '2027-02-03T10:20:00.000Z' });
    expect(w.member().pendingAlternateEmail).toBeUndefined();
    // The old channels: the phone on record and the HR address; the new address is not told of itself.
    expect(w.sms.map((s) => s.phone)).toEqual([base.phone]);
    const notices = w.emails.filter((e) => e.template === 'alternate-email-changed');
    expect(notices.map((e) => e.to)).toEqual([HR]);
    expect(notices[0]?.data).toMatchObject({ removed: false, login: LOGIN });
    expect(Object.keys(notices[0]?.data ?? {}).sort()).toEqual(templatePlaceholders('alternate-email-changed'));
    expect(w.audits.map((a) => [a.action, a.outcome])).toEqual([
      ['alternate-email.code-sent', 'success'],
      ['alternate-email.verified', 'success'],
    ]);
    expect(w.audits[1]).toMatchObject({ actor: 'sub-m-1', target: 'm-1', institution: 'RMIC00001' });
    const recorded = JSON.stringify([w.audits, w.emails, w.member(), [...w.otps.challenges.values()]]);
    expect(recorded).not.toContain(code);
    expect(JSON.stringify(w.audits)).not.toMatch(/example\.org/);
    // GET /v1/me: masked, verified, codes from a day later; the member chose email.
    expect(alternateEmailView(w.member(), new Date('2027-02-03T11:00:00Z'))).toEqual({
      alternateEmail: {
        address: 'm***l@example.org',
        verified: true,
        source: 'member',
        verifiedAt: '2027-02-03T10:20:00.000Z',
        resetCodesFrom: '2027-02-04T10:20:00.000Z',
      },
      pendingAlternateEmail: null,
      // Not before the hold is over.
      resetChannel: 'sms',
    });
    expect(alternateEmailView(w.member(), new Date('2027-02-05T00:00:00Z')).resetChannel).toBe('email');
  });

  it('shows the HR address as unverified until the member proves an address', () => {
    expect(alternateEmailView(base, new Date()).alternateEmail).toEqual({
      address: 'm***r@example.org',
      verified: false,
      source: 'hr-import',
      verifiedAt: null,
      resetCodesFrom: null,
    });
    expect(alternateEmailView({ ...base, alternateEmail: null }, new Date()).alternateEmail).toBeNull();
    expect(maskEmail('ab@x.org')).toBe('a***@x.org');
  });

  it('a retry of the same address while its code is valid sends nothing new: the same business key, the same challenge', async () => {
    const w = world();
    await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r1');
    const challenge = structuredClone(w.otps.challenges.get('alternate-email:m-1'));
    const again = await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r2');
    expect(again.codeExpiresAt).toBe('2027-02-03T10:25:00.000Z');
    expect(w.emails.map((e) => e.key)).toEqual(['alternate-email-code#m-1#n1', 'alternate-email-code#m-1#n1']);
    expect(w.otps.challenges.get('alternate-email:m-1')).toEqual(challenge);
    expect(w.audits).toHaveLength(1);
    // After its 10 minutes, a new code (new key) is sent.
    w.advance(10 * 60_000);
    await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r3');
    expect(w.emails.at(-1)?.key).toBe('alternate-email-code#m-1#n2');
  });

  it('five wrong codes drop the waiting address (429 too_many_attempts); the right code is refused after', async () => {
    const w = world();
    await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r');
    const right = w.codeIn(w.emails[0]);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) {
      const error = await errorOf(verifyAlternateEmail({ code: wrong }, w.caller(base), w.deps, 'r'));
      expect(error).toMatchObject({ status: 400, code: 'code_invalid', field: 'body.code' });
      expect(error?.message).toContain(`${left} tr`);
    }
    expect(await errorOf(verifyAlternateEmail({ code: wrong }, w.caller(base), w.deps, 'r'))).toMatchObject({
      status: 429,
      code: 'too_many_attempts',
    });
    expect(w.member().pendingAlternateEmail).toBeUndefined();
    expect(await errorOf(verifyAlternateEmail({ code: right }, w.caller(base), w.deps, 'r'))).toMatchObject({
      status: 409,
      code: 'alternate_email_not_pending',
    });
    expect(w.member().verifiedAlternateEmail).toBeUndefined();
    expect(w.audits.at(-1)).toMatchObject({ action: 'alternate-email.verified', outcome: 'refused', reason: 'too_many_attempts' });
  });

  it('a code past its 10 minutes is refused (code_expired); a used code cannot be used again', async () => {
    const w = world();
    await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r');
    const code = w.codeIn(w.emails[0]);
    w.advance(10 * 60_000);
    expect(await errorOf(verifyAlternateEmail({ code }, w.caller(base), w.deps, 'r'))).toMatchObject({ status: 400, code: 'code_expired' });

    const v = world();
    await verified(v);
    const used = v.codeIn(v.emails[0]);
    expect(await errorOf(verifyAlternateEmail({ code: used }, v.caller(base), v.deps, 'r'))).toMatchObject({
      status: 409,
      code: 'alternate_email_not_pending',
    });
  });

  it('another member’s code proves nothing: codes are bound to their member', async () => {
    const w = world();
    await addAlternateEmail({ email: MINE }, w.caller(base), w.deps, 'r');
    await addAlternateEmail({ email: 'giulia@example.net' }, w.caller(other), w.deps, 'r');
    const marioCode = w.codeIn(w.emails[0]);
    const giuliaCode = w.codeIn(w.emails[1]);
    expect(marioCode).not.toBe(giuliaCode);
    expect(await errorOf(verifyAlternateEmail({ code: marioCode }, w.caller(other), w.deps, 'r'))).toMatchObject({
      status: 400,
      code: 'code_invalid',
    });
    expect(w.member('m-2').verifiedAlternateEmail).toBeUndefined();
  });

  it('at most 3 codes an hour per member and per address (429), and the verified address again is 409', async () => {
    const w = world();
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org'])
      await addAlternateEmail({ email }, w.caller(base), w.deps, 'r');
    expect(await errorOf(addAlternateEmail({ email: 'd@example.org' }, w.caller(base), w.deps, 'r'))).toMatchObject({
      status: 429,
      code: 'too_many_requests',
    });
    const v = world();
    await verified(v);
    expect(await errorOf(addAlternateEmail({ email: MINE }, v.caller(base), v.deps, 'r'))).toMatchObject({
      status: 409,
      code: 'alternate_email_already_verified',
      field: 'body.email',
    });
  });

  it('removing tells the phone, the removed address and the HR address; removing nothing does nothing', async () => {
    const w = world();
    await verified(w);
    w.sms.length = 0;
    w.emails.length = 0;
    await removeAlternateEmail(w.caller(base), w.deps, 'r-remove');
    expect(w.member().verifiedAlternateEmail).toBeUndefined();
    expect(w.sms.map((s) => s.phone)).toEqual([base.phone]);
    expect(w.emails.map((e) => [e.template, e.to, e.data.removed])).toEqual([
      ['alternate-email-changed', MINE, true],
      ['alternate-email-changed', HR, true],
    ]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'alternate-email.removed', details: { hadVerified: true, hadPending: false } });
    const before = w.audits.length;
    await removeAlternateEmail(w.caller(base), w.deps, 'r-again');
    expect([w.audits.length, w.emails.length, w.sms.length]).toEqual([before, 2, 1]);
  });
});

describe('reset by the verified alternate email', () => {
  const forgot = (w: World, login: string, channel?: 'sms' | 'email', ip = '192.0.2.1') =>
    requestPasswordReset({ login, ...(channel && { channel }) }, ip, 'r-forgot', w.deps);
  const confirm = (w: World, login: string, code: string, newPassword = NEW_PASSWORD) =>
    confirmPasswordReset({ login, code, newPassword, channel: 'email' }, w.deps, 'r-confirm');
  const resetCodes = (w: World) => w.emails.filter((e) => e.template === 'password-reset-code');

  /** A member whose address was proved and whose hold is over. */
  async function settled() {
    const w = world();
    await verified(w);
    w.advance(ALTERNATE_EMAIL_HOLD_HOURS * HOUR);
    return w;
  }

  it('no code goes to an address during its hold (the same answer); after it, the member’s choice is email', async () => {
    const w = world();
    await verified(w);
    const answer = forgotAnswer(loadProfile('it-miur'));
    expect(await forgot(w, LOGIN, 'email')).toEqual(answer);
    expect(resetCodes(w)).toEqual([]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'password.reset-code-sent', outcome: 'refused', reason: 'alternate-email-on-hold' });
    w.advance(ALTERNATE_EMAIL_HOLD_HOURS * HOUR);
    expect(await forgot(w, LOGIN)).toEqual(answer);
    expect(resetCodes(w).map((e) => e.to)).toEqual([MINE]);
  });

  it('resets with the emailed code: password set, recorded, audited and told, never the code or password', async () => {
    const w = await settled();
    await forgot(w, LOGIN, 'email');
    const [email] = resetCodes(w);
    expect(Object.keys(email?.data ?? {}).sort()).toEqual(templatePlaceholders('password-reset-code').filter((p) => p !== 'code'));
    const code = w.codeIn(email);
    expect(await confirm(w, LOGIN, code)).toEqual({ status: 'password-reset' });
    expect(w.passwords.get(LOGIN)).toBe(NEW_PASSWORD);
    expect(w.member().passwordChangedAt).toBe('2027-02-04T10:15:00.000Z');
    expect(w.audits.at(-1)).toMatchObject({ action: 'password.reset-by-email', actor: LOGIN, role: 'self', target: 'm-1' });
    // The notice goes to the HR address (another channel than the one the code went to).
    expect(w.emails.at(-1)).toMatchObject({ template: 'password-changed', to: HR });
    expect(JSON.stringify([w.audits, w.emails, w.member()])).not.toMatch(new RegExp(`${code}|${NEW_PASSWORD}`));
    // Single use.
    expect(await errorOf(confirm(w, LOGIN, code, 'Another-Password-77'))).toMatchObject({ status: 400, code: 'code_invalid' });
  });

  it('the policy first, then the code; the fifth wrong code spends it (429) for a known and an unknown login alike', async () => {
    const w = await settled();
    expect(await errorOf(confirm(w, LOGIN, '123456', 'weak'))).toMatchObject({ code: 'password_policy' });
    for (const login of [LOGIN, 'nobody@posta.istruzione.it']) {
      await forgot(w, login, 'email');
      const answers = [];
      for (let i = 0; i < 6; i++) {
        const e = await errorOf(confirm(w, login, '999999'));
        answers.push(`${e?.status} ${e?.code} ${e?.message}`);
      }
      // The fifth wrong code uses up the last try (shared/otp): it and every later one are 429.
      expect(answers).toEqual([
        ...Array(4).fill('400 code_invalid The code is not valid for this login'),
        ...Array(2).fill('429 too_many_attempts Too many wrong codes: ask for a new one'),
      ]);
    }
    expect(w.passwords.size).toBe(0);
  });

  it('a code past its 10 minutes is refused (code_expired)', async () => {
    const w = await settled();
    await forgot(w, LOGIN, 'email');
    const code = w.codeIn(resetCodes(w)[0]);
    w.advance(10 * 60_000);
    expect(await errorOf(confirm(w, LOGIN, code))).toMatchObject({ status: 400, code: 'code_expired' });
    expect(w.passwords.size).toBe(0);
  });

  it('answers alike for a login with an address, without one, unknown, or closed; only a usable address gets a code', async () => {
    const w = await settled();
    w.member('m-2').state = 'password-expired';
    const answers = new Set<string>();
    for (const login of [LOGIN, other.address, 'nobody@posta.istruzione.it']) {
      for (const channel of [undefined, 'email', 'sms'] as const)
        answers.add(JSON.stringify(await forgot(w, login, channel, `198.51.100.${answers.size}`)));
    }
    expect(answers.size).toBe(1);
    expect(resetCodes(w).map((e) => e.to)).toEqual([MINE, MINE]);
  });

  it('counts 3 requests an hour per login for everyone alike, before looking anything up', async () => {
    const w = await settled();
    for (const login of [LOGIN, 'nobody@posta.istruzione.it']) {
      for (let i = 0; i < 3; i++) await forgot(w, login, 'email');
      expect(await errorOf(forgot(w, login, 'email'))).toMatchObject({ status: 429, code: 'too_many_requests' });
    }
  });

  it('once the address is removed, a reset by email sends nothing and an earlier code no longer works', async () => {
    const w = await settled();
    await forgot(w, LOGIN, 'email');
    const code = w.codeIn(resetCodes(w)[0]);
    await removeAlternateEmail(w.caller(base), w.deps, 'r');
    expect(await errorOf(confirm(w, LOGIN, code))).toMatchObject({ status: 400, code: 'code_invalid' });
    await forgot(w, LOGIN, 'email');
    expect(resetCodes(w)).toHaveLength(1);
    expect(w.audits.at(-1)).toMatchObject({ action: 'password.reset-code-sent', reason: 'no-verified-alternate-email' });
    expect(w.passwords.size).toBe(0);
  });
});
