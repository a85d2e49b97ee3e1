import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import { emailCoder } from '../../shared/email/email-code';
import type { EmailMessage } from '../../shared/email/email-message';
import { templatePlaceholders } from '../../shared/i18n/email-templates';
import type { ChangeOutcome, ConfirmOutcome, ForgotOutcome, PasswordDirectory } from '../../shared/identity/cognito-directory';
import { passwordPolicy } from '../../shared/identity/password-policy';
import type { Member } from '../../shared/members/member';
import { otpHasher } from '../../shared/otp/otp';
import { rateKeyHasher } from '../../shared/otp/rate-limit';
import { policyViolations } from '../../shared/passwords/check-password';
import type { PasswordRecords } from '../../shared/passwords/password-records';
import { changeOwnPassword, confirmPasswordReset, forgotAnswer, requestPasswordReset } from '../../shared/passwords/password-use-cases';
import { NO_INSTITUTION } from '../../shared/passwords/record-password-event';
import { loadProfile } from '../../shared/profiles';
import { memoryLimiter } from '../helpers/memory-limiter';
import { memoryOtpStore, memoryRateLimiter } from '../helpers/memory-ports';

const GOOD = 'Nuova-Password-42';
const LOGIN = 'mario.rossi@posta.istruzione.it';

const member: Member = {
  memberId: 'm-1',
  nidHmac: 'h',
  nidLast3: '12A',
  givenName: 'Mario',
  familyName: 'Rossi',
  phone: '+393471234567',
  institutionCode: 'RMIC00001',
  category: 'teacher',
  oldAddress: 'mario.rossi@istruzione.it',
  alternateEmail: 'mario@example.org',
  locale: 'it',
  address: LOGIN,
  state: 'notified',
  rowHash: 'r',
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  importJobId: 'j',
};

/** A fake directory answering what a test tells it to, and remembering every call. */
function world(
  opts: { forgot?: ForgotOutcome | Error; confirm?: ConfirmOutcome | Error; change?: ChangeOutcome | Error; members?: Member[] } = {},
) {
  const calls: string[] = [];
  const audits: AuditEntry[] = [];
  const emails: EmailMessage[] = [];
  const changed = new Map<string, string>();
  const answer = async <T>(v: T | Error | undefined, fallback: T) => {
    if (v instanceof Error) throw v;
    return v ?? fallback;
  };
  const directory: PasswordDirectory = {
    async forgotPassword(login) {
      calls.push(`forgot ${login}`);
      return answer(opts.forgot, 'sent');
    },
    async confirmForgotPassword(login, code) {
      calls.push(`confirm ${login} ${code}`);
      return answer(opts.confirm, 'done');
    },
    async changePassword(token) {
      calls.push(`change ${token}`);
      return answer(opts.change, 'done');
    },
    async resetPassword(login) {
      calls.push(`set ${login}`);
      return 'done';
    },
  };
  const records: PasswordRecords = {
    memberByLogin: async (login) => (opts.members ?? [member]).find((m) => m.address === login) ?? null,
    memberById: async (id) => (opts.members ?? [member]).find((m) => m.memberId === id) ?? null,
    async recordChange(memberId, at) {
      changed.set(memberId, at);
      return true;
    },
  };
  const secret = 'unit-test-secret-of-at-least-32-characters';
  const deps = {
    directory,
    records,
    audit: { record: async (e: AuditEntry) => void audits.push(e) },
    enqueueEmail: async (m: EmailMessage) => void emails.push(m),
    profile: loadProfile('it-miur'),
    clock: fixedClock('2027-02-03T10:15:00Z'),
    otps: memoryOtpStore(),
    limiter: memoryRateLimiter(),
    rateKey: rateKeyHasher(secret),
    hashOtp: otpHasher(secret),
    emailCode: emailCoder(secret),
  };
  return { deps, calls, audits, emails, changed };
}

/** The public-SMS gate's counters, in memory. */
function gate() {
  const { limiter, exhaust } = memoryLimiter();
  return { limiter, exhaust, rateKey: (kind: string, value: string) => `${kind}:${value}` };
}

const errorOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Error & { status?: number; code?: string; field?: string }) => e,
  );

describe('forgot password (SMS)', () => {
  it('answers exactly the same for a known login, an unknown one, one without a phone and a refused (disabled or still temporary) one', async () => {
    const answers = [];
    for (const forgot of ['sent', 'unknown-user', 'no-recovery-channel', 'refused', 'delivery-failed'] as const) {
      const { deps, calls } = world({ forgot });
      answers.push(JSON.stringify(await requestPasswordReset({ login: LOGIN }, '192.0.2.1', 'r', deps)));
      // The same work every time: one directory call, nothing skipped or added.
      expect(calls).toEqual([`forgot ${LOGIN}`]);
    }
    expect(new Set(answers)).toEqual(new Set([JSON.stringify(forgotAnswer(loadProfile('it-miur')))]));
  });

  it('lets throttling through as 429 and any other failure as an error', async () => {
    const { TooManyRequestsError } = await import('../../shared/errors');
    const throttled = await errorOf(
      requestPasswordReset({ login: LOGIN }, '192.0.2.1', 'r', world({ forgot: new TooManyRequestsError('slow') }).deps),
    );
    expect(throttled).toMatchObject({ status: 429, code: 'too_many_requests' });
  });

  it('counts every request against the source’s and the deployment’s hourly SMS budgets, before Cognito is asked', async () => {
    const { deps, calls } = world();
    const limits = gate();
    // Different logins: each login has its own limit of 3 an hour as well.
    for (let i = 0; i < 60; i++)
      await requestPasswordReset({ login: `user${i}@posta.istruzione.it` }, '203.0.113.5', 'r', { ...deps, ...limits });
    const refused = await errorOf(
      requestPasswordReset({ login: 'anyone@posta.istruzione.it' }, '203.0.113.5', 'r', { ...deps, ...limits }),
    );
    expect(refused).toMatchObject({ status: 429, code: 'too_many_requests_from_network' });
    expect(calls).toHaveLength(60);
    limits.exhaust('sms-global');
    const busy = await errorOf(requestPasswordReset({ login: LOGIN }, '203.0.113.6', 'r', { ...deps, ...limits }));
    expect(busy).toMatchObject({ status: 429, code: 'sms_budget_exhausted' });
    expect(calls).toHaveLength(60);
  });
});

describe('confirm forgot password', () => {
  it('checks the policy before Cognito, the same way for every login', async () => {
    for (const login of [LOGIN, 'nobody@posta.istruzione.it']) {
      const { deps, calls } = world({ members: [] });
      const error = await errorOf(confirmPasswordReset({ login, code: '123456', newPassword: 'weakpassword' }, deps, 'r1'));
      expect(error).toMatchObject({ status: 400, code: 'password_policy', field: 'body.newPassword' });
      expect(error?.message).not.toContain('weakpassword');
      expect(calls).toEqual([]);
    }
  });

  it.each([
    ['code-invalid', 'code_invalid'],
    ['code-expired', 'code_expired'],
    ['password-rejected', 'password_policy'],
  ] as const)('maps %s to 400 %s and records nothing', async (outcome, code) => {
    const { deps, audits, emails, changed } = world({ confirm: outcome });
    const error = await errorOf(confirmPasswordReset({ login: LOGIN, code: '123456', newPassword: GOOD }, deps, 'r1'));
    expect(error).toMatchObject({ status: 400, code });
    expect([audits, emails, [...changed]]).toEqual([[], [], []]);
  });

  it('records the change on the member, audits it without the secret and tells the member at the alternate address', async () => {
    const { deps, audits, emails, changed } = world();
    expect(await confirmPasswordReset({ login: LOGIN, code: '123456', newPassword: GOOD }, deps, 'req-9')).toEqual({
      status: 'password-reset',
    });
    expect(changed.get('m-1')).toBe('2027-02-03T10:15:00.000Z');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: 'password.reset',
      actor: LOGIN,
      role: 'self',
      target: 'm-1',
      institution: 'RMIC00001',
      requestId: 'req-9',
      outcome: 'success',
    });
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email).toMatchObject({ key: 'password.reset#m-1#req-9', template: 'password-changed', to: 'mario@example.org', locale: 'it' });
    // Exactly the template's placeholders, so SES can render every locale.
    expect(Object.keys(email?.data ?? {}).sort()).toEqual(templatePlaceholders('password-changed'));
    expect(email?.data.changedAt).toMatch(/3 febbraio 2027/);
    const everything = JSON.stringify([audits, emails]);
    expect(everything).not.toContain(GOOD);
    expect(everything).not.toContain('123456');
  });

  it('falls back to the old address, and sends nothing when the member has no address', async () => {
    const noAlternate = world({ members: [{ ...member, alternateEmail: null }] });
    await confirmPasswordReset({ login: LOGIN, code: '123456', newPassword: GOOD }, noAlternate.deps, 'r');
    expect(noAlternate.emails[0]?.to).toBe('mario.rossi@istruzione.it');

    const none = world({ members: [{ ...member, alternateEmail: null, oldAddress: null }] });
    await confirmPasswordReset({ login: LOGIN, code: '123456', newPassword: GOOD }, none.deps, 'r');
    expect(none.emails).toEqual([]);
    expect(none.changed.get('m-1')).toBeDefined();
    expect(none.audits[0]?.details).toMatchObject({ notifiedByEmail: false, memberRecorded: true });
  });

  it('an account without a member record is audited and nothing else fails', async () => {
    const { deps, audits, emails, changed } = world({ members: [] });
    await confirmPasswordReset({ login: 'demo.staff@posta.istruzione.it', code: '123456', newPassword: GOOD }, deps, 'r');
    expect([emails, [...changed]]).toEqual([[], []]);
    expect(audits[0]).toMatchObject({ institution: NO_INSTITUTION, target: 'demo.staff@posta.istruzione.it', action: 'password.reset' });
  });
});

describe('change own password', () => {
  const caller = { sub: 'sub-1', login: LOGIN, role: 'staff', accessToken: 'token-1' };

  it('calls Cognito with the caller’s token, then records, audits and notifies', async () => {
    const { deps, calls, audits, emails, changed } = world();
    expect(await changeOwnPassword({ currentPassword: 'Vecchia-Password-1', newPassword: GOOD }, caller, deps, 'r2')).toEqual({
      status: 'password-changed',
    });
    expect(calls).toEqual(['change token-1']);
    expect(changed.get('m-1')).toBeDefined();
    expect(audits[0]).toMatchObject({ action: 'password.changed', actor: 'sub-1', role: 'staff', target: 'm-1' });
    expect(emails[0]).toMatchObject({ key: 'password.changed#m-1#r2', template: 'password-changed' });
    expect(JSON.stringify([audits, emails])).not.toMatch(/Vecchia-Password-1|Nuova-Password-42|token-1/);
  });

  it('a wrong current password is 400 current_password_invalid on body.currentPassword', async () => {
    const { deps, audits } = world({ change: 'current-invalid' });
    const error = await errorOf(changeOwnPassword({ currentPassword: 'x', newPassword: GOOD }, caller, deps, 'r'));
    expect(error).toMatchObject({ status: 400, code: 'current_password_invalid', field: 'body.currentPassword' });
    expect(audits).toEqual([]);
  });

  it('refuses a weak password, or the current one again, before calling Cognito', async () => {
    const { deps, calls } = world();
    expect(await errorOf(changeOwnPassword({ currentPassword: 'x', newPassword: 'short' }, caller, deps, 'r'))).toMatchObject({
      code: 'password_policy',
      field: 'body.newPassword',
    });
    expect(await errorOf(changeOwnPassword({ currentPassword: GOOD, newPassword: GOOD }, caller, deps, 'r'))).toMatchObject({
      code: 'password_policy',
    });
    expect(calls).toEqual([]);
  });
});

describe('the policy check', () => {
  const policy = passwordPolicy(loadProfile('it-miur'));
  it('names each broken rule and accepts a password that meets them all', () => {
    expect(policyViolations(GOOD, policy)).toEqual([]);
    expect(policyViolations('Abcdefghij1!', policy)).toEqual([]);
    expect(policyViolations('Abcdefghi1!', policy)).toEqual(['at least 12 characters']);
    expect(policyViolations('abcdefghijk1!', policy)).toEqual(['an uppercase letter']);
    expect(policyViolations('ABCDEFGHIJK1!', policy)).toEqual(['a lowercase letter']);
    expect(policyViolations('Abcdefghijkl!', policy)).toEqual(['a digit']);
    expect(policyViolations('Abcdefghijkl1', policy)).toEqual(['a symbol']);
    expect(policyViolations('Abcdefghijkl1 ', policy)).toEqual(['a symbol', 'no space at the start or end']);
    expect(policyViolations('Abcdefg hijkl1', policy)).toEqual([]);
  });
});
