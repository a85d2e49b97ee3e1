import { describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/clock';
import { isOutage } from '../../shared/delivery/outage';
import { SendRateReachedError, sendPace } from '../../shared/email/send-pace';
import { memoryLimiter } from '../helpers/memory-limiter';

/**
 * A clock that only moves when the pace waits (to the end of the wait: consumers waiting at once
 * wake at the same moment), so every second's sends are counted exactly.
 */
function world(perSecond: number, maxWaitMs?: number) {
  let t = Date.parse('2027-02-01T09:00:00.250Z');
  const clock: Clock = { now: () => new Date(t) };
  const sentAt: number[] = [];
  const pace = sendPace({
    limiter: memoryLimiter().limiter,
    perSecond,
    clock,
    sleep: async (ms) => {
      const wake = t + ms;
      await Promise.resolve();
      t = Math.max(t, wake);
    },
    jitter: () => 7,
    ...(maxWaitMs !== undefined && { maxWaitMs }),
  });
  const send = async () => {
    await pace.take();
    sentAt.push(Math.floor(t / 1000));
  };
  return { send, sentAt };
}

describe('the SES send pace', () => {
  it('lets at most the configured number of emails a second through, concurrent consumers alike, and waits for the next second', async () => {
    const w = world(10);
    await Promise.all(Array.from({ length: 25 }, () => w.send()));
    const perSecond = new Map<number, number>();
    for (const s of w.sentAt) perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    expect([...perSecond.values()]).toEqual([10, 10, 5]);
  });

  it('hands an email back to the queue, as throttling, when no slot frees within the wait', async () => {
    // 1 a second, 0.25 s into the second: the next slot is 0.75 s away, past a 0.5 s wait.
    const w = world(1, 500);
    await w.send();
    const second = w.send();
    await expect(second).rejects.toBeInstanceOf(SendRateReachedError);
    expect(isOutage(await second.catch((e: unknown) => e))).toBe(true);
    expect(w.sentAt).toHaveLength(1);
  });
});
