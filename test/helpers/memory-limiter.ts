import type { RateLimiter } from '../../shared/otp/rate-limit';

/**
 * The DynamoDB rate limiter in memory: fixed windows counted per key, a hit past the limit
 * refused and not counted. `exhaust(key)` spends a key's budget in every window (e.g. the
 * deployment-wide SMS budget), so a test need not make thousands of calls to reach it.
 */
export function memoryLimiter() {
  const counts = new Map<string, number>();
  const exhausted = new Set<string>();
  const limiter: RateLimiter = {
    async hit(key, rule, now) {
      if (exhausted.has(key)) return false;
      const slot = `${key}#${Math.floor(now.getTime() / 1000 / rule.windowSeconds)}`;
      const count = counts.get(slot) ?? 0;
      if (count >= rule.limit) return false;
      counts.set(slot, count + 1);
      return true;
    },
  };
  return { limiter, exhaust: (key: string) => void exhausted.add(key) };
}
