import type { Clock } from '../clock';
import type { RateLimiter } from '../otp/rate-limit';

/**
 * Keeps the deployment's emails within SES's maximum send rate: before each SES call, an email
 * consumer takes one of the `perSecond` slots of the current second — one counter per second in
 * DynamoDB, shared by every concurrent consumer (the fixed-window `RateLimiter`) — and, when the
 * second is full, waits for the next one. The queue's consumer concurrency bounds how many wait;
 * SES throttling (the SDK's retries, then the queue's back-off) stays the second line, for a
 * quota lowered without the profile.
 */

/** No slot within the wait: the record goes back to the queue with the outage back-off (a throttling name). */
export class SendRateReachedError extends Error {
  override name = 'SesSendRateReached';
  constructor(perSecond: number) {
    super(`No SES send slot free within the wait (${perSecond} a second)`);
  }
}

export interface SendPaceDeps {
  limiter: RateLimiter;
  perSecond: number;
  clock: Clock;
  /** Waits that long (tests hand in one that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
  /** How long one email may wait for a slot before it is handed back to the queue (below the consumer's timeout). */
  maxWaitMs?: number;
  /** Spread of the wake-ups after a full second, so waiting consumers do not all retry at its first millisecond. */
  jitter?: () => number;
}

export const SEND_PACE_KEY = 'ses-send';
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `take()` resolves once this email may go to SES; throws `SendRateReachedError` after `maxWaitMs`. */
export function sendPace(deps: SendPaceDeps): { take(): Promise<void> } {
  const sleep = deps.sleep ?? realSleep;
  const maxWaitMs = deps.maxWaitMs ?? 15_000;
  const jitter = deps.jitter ?? (() => Math.floor(Math.random() * 20));
  const rule = { limit: deps.perSecond, windowSeconds: 1 };
  return {
    async take() {
      const until = deps.clock.now().getTime() + maxWaitMs;
      for (;;) {
        const now = deps.clock.now();
        if (await deps.limiter.hit(SEND_PACE_KEY, rule, now)) return;
        const nextSecond = (Math.floor(now.getTime() / 1000) + 1) * 1000;
        if (nextSecond > until) throw new SendRateReachedError(deps.perSecond);
        await sleep(nextSecond - now.getTime() + jitter());
      }
    },
  };
}
