import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

/** One-time codes sent by SMS: 6 digits, valid 10 minutes, at most 5 tries. */
export const OTP_POLICY = { digits: 6, ttlSeconds: 600, maxAttempts: 5 } as const;

/**
 * What is stored about a code: its keyed hash, never the code. `attempts` counts every try
 * made so far, the right one included.
 */
export interface OtpChallenge {
  hash: string;
  expiresAt: string;
  attempts: number;
  maxAttempts: number;
}

export type OtpCheck =
  | { ok: true }
  | { ok: false; code: 'code_invalid'; attemptsLeft: number }
  | { ok: false; code: 'code_expired' | 'too_many_attempts' };

/** `(subject, code) → hex`: the hash of a code issued for one subject (a request id, a member id). */
export type OtpHasher = (subject: string, code: string) => string;

/**
 * Derives a key of its own from an HMAC secret (HKDF, info = `purpose`). Each purpose also has a
 * secret of its own (catalog `SECRETS`: otpKey, rateLimitKey, emailCodeKey …, each bound only to
 * the functions that use it); the derivation keeps an OTP hash, a rate-limit key and an emailed
 * code from ever being confused or replayed for one another even so.
 */
export function derivedKey(secret: string, purpose: string): Buffer {
  if (secret.length < 32) throw new Error('the HMAC secret must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', secret, '', `posta/${purpose}/v1`, 32));
}

/** Codes are hashed together with their subject: a hash copied to another request is worthless. */
export function otpHasher(secret: string): OtpHasher {
  const key = derivedKey(secret, 'otp');
  return (subject, code) => createHmac('sha256', key).update(`${subject}\0${code}`).digest('hex');
}

/** A uniformly random code of `digits` digits (leading zeros kept). */
export function generateOtp(digits: number = OTP_POLICY.digits, random: (max: number) => number = randomInt): string {
  return String(random(10 ** digits)).padStart(digits, '0');
}

/** A fresh code and the challenge to store for it. The code goes to the SMS and nowhere else. */
export function issueOtp(subject: string, hash: OtpHasher, now: Date, code: string = generateOtp()) {
  const challenge: OtpChallenge = {
    hash: hash(subject, code),
    expiresAt: new Date(now.getTime() + OTP_POLICY.ttlSeconds * 1000).toISOString(),
    attempts: 0,
    maxAttempts: OTP_POLICY.maxAttempts,
  };
  return { code, challenge };
}

/**
 * Judges one try. `challenge.attempts` already counts this try (the store increments it
 * atomically before the code is compared, so parallel guesses cannot exceed the budget). A
 * wrong code that uses up the last try answers `too_many_attempts`: the caller locks.
 */
export function checkOtp(challenge: OtpChallenge, subject: string, code: string, hash: OtpHasher, now: Date): OtpCheck {
  if (challenge.attempts > challenge.maxAttempts) return { ok: false, code: 'too_many_attempts' };
  if (now.getTime() >= new Date(challenge.expiresAt).getTime()) return { ok: false, code: 'code_expired' };
  const expected = Buffer.from(challenge.hash, 'hex');
  const given = Buffer.from(hash(subject, code.trim()), 'hex');
  if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  const attemptsLeft = challenge.maxAttempts - challenge.attempts;
  return attemptsLeft > 0 ? { ok: false, code: 'code_invalid', attemptsLeft } : { ok: false, code: 'too_many_attempts' };
}
