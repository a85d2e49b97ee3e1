import type { OtpChallenge } from '../../shared/otp/otp';
import type { OtpStore } from '../../shared/otp/otp-store';
import type { RateLimiter } from '../../shared/otp/rate-limit';

/** The OTP store in memory, counting tries as the DynamoDB one does (a spent challenge comes back over the limit). */
export function memoryOtpStore(): OtpStore & { challenges: Map<string, OtpChallenge> } {
  const challenges = new Map<string, OtpChallenge>();
  return {
    challenges,
    put: async (subject, challenge) => void challenges.set(subject, { ...challenge }),
    async countTry(subject) {
      const c = challenges.get(subject);
      if (!c) return null;
      if (c.attempts >= c.maxAttempts) return { ...c, attempts: c.maxAttempts + 1 };
      c.attempts++;
      return { ...c };
    },
    discard: async (subject) => void challenges.delete(subject),
  };
}

/** Fixed windows, as the DynamoDB limiter counts them; `hits` by key and window start. */
export function memoryRateLimiter(): RateLimiter & { hits: Map<string, number> } {
  const hits = new Map<string, number>();
  return {
    hits,
    async hit(key, rule, now) {
      const window = `${key}#${Math.floor(now.getTime() / 1000 / rule.windowSeconds)}`;
      const count = hits.get(window) ?? 0;
      if (count >= rule.limit) return false;
      hits.set(window, count + 1);
      return true;
    },
  };
}
