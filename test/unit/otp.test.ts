import { describe, expect, it } from 'vitest';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { checkOtp, generateOtp, issueOtp, OTP_POLICY, type OtpChallenge, otpHasher } from '../../shared/otp/otp';
import { rateKeyHasher } from '../../shared/otp/rate-limit';

const SECRET = 's'.repeat(32);
const hash = otpHasher(SECRET);
const T0 = new Date('2027-03-01T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** The store counts a try before the code is compared; this does the same in memory. */
function tryCode(challenge: OtpChallenge, code: string, when: Date, subject = 'late-request:r1') {
  challenge.attempts = Math.min(challenge.attempts + 1, challenge.maxAttempts + 1);
  return checkOtp(challenge, subject, code, hash, when);
}

describe('one-time codes', () => {
  it('are 6 digits, leading zeros kept, and spread over the whole range', () => {
    expect(generateOtp(6, () => 42)).toBe('000042');
    const codes = new Set(Array.from({ length: 200 }, () => generateOtp()));
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
  });

  it('are stored as a keyed hash bound to their subject, never in clear', () => {
    const { code, challenge } = issueOtp('late-request:r1', hash, T0, '123456');
    expect(code).toBe('123456');
    expect(JSON.stringify(challenge)).not.toContain('123456');
    expect(challenge.hash).not.toBe(hash('late-request:r2', '123456'));
    expect(challenge.hash).not.toBe(otpHasher('t'.repeat(32))('late-request:r1', '123456'));
    // Domain separation from the national-ID HMAC made with the same secret.
    expect(nationalIdHasher(SECRET)('late-request:r1\u0000123456').hmac).not.toBe(challenge.hash);
    expect(rateKeyHasher(SECRET)('phone', '+393471234567')).not.toContain('3471234567');
  });

  it('work until 10 minutes after issue, not at 10 minutes', () => {
    expect(OTP_POLICY.ttlSeconds).toBe(600);
    expect(tryCode(issueOtp('late-request:r1', hash, T0, '123456').challenge, '123456', at(599))).toEqual({ ok: true });
    expect(tryCode(issueOtp('late-request:r1', hash, T0, '123456').challenge, '123456', at(600))).toEqual({
      ok: false,
      code: 'code_expired',
    });
  });

  it('count down wrong tries; the fifth wrong one locks, and then even the right code is refused', () => {
    const { challenge } = issueOtp('late-request:r1', hash, T0, '123456');
    const answers = ['000001', '000002', '000003', '000004', '000005', '123456'].map((c) => tryCode(challenge, c, at(60)));
    expect(answers.slice(0, 4)).toEqual([4, 3, 2, 1].map((attemptsLeft) => ({ ok: false, code: 'code_invalid', attemptsLeft })));
    expect(answers[4]).toEqual({ ok: false, code: 'too_many_attempts' });
    expect(answers[5]).toEqual({ ok: false, code: 'too_many_attempts' });
  });

  it('accept the right code on the fifth try, and only for its own subject', () => {
    const { challenge } = issueOtp('late-request:r1', hash, T0, '123456');
    for (const c of ['000001', '000002', '000003', '000004']) expect(tryCode(challenge, c, at(10)).ok).toBe(false);
    expect(tryCode(structuredClone(challenge), '123456', at(10), 'late-request:r2')).toMatchObject({
      ok: false,
      code: 'too_many_attempts',
    });
    expect(tryCode(challenge, ' 123456 ', at(10))).toEqual({ ok: true });
  });
});
