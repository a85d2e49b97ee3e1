import type { SQSRecord } from 'aws-lambda';
import type { AuditLog } from '../audit/audit-log';
import { DEAD_LETTERED_TWICE, type QueueId } from '../catalog';
import type { Clock } from '../clock';
import { logger } from '../logger';

/** After a message dead-letters a second time, its queue is not redriven automatically for this long. */
export const HOLD_HOURS = 24;

/**
 * Counts, per queue and message body, how often a message went to the dead-letter queue. One
 * that comes back there after a redrive is not an outage the redrive heals: its second time is
 * logged as `message dead-lettered twice` (an alarm watches for it) and the automatic redrive of
 * its queue holds for `HOLD_HOURS`, so a poison message cannot cycle between the queues.
 */
export interface DeadLetterLedger {
  /** Records one dead-lettering of `body`; returns how often this body has dead-lettered. */
  record(queue: QueueId, body: string, at: Date): Promise<number>;
  /** Until when the automatic redrive of `queue` holds (null: it does not). */
  heldUntil(queue: QueueId, now: Date): Promise<string | null>;
  /** Counts one redrive of `queue` on `day`; false (counting nothing) once `max` were done that day. */
  claimRedrive(queue: QueueId, day: string, max: number): Promise<boolean>;
}

/**
 * The consumers' `onDeadLetter` hook: counts the dead-lettering in the ledger and says so loudly
 * the second time (the `DeadLetteredTwice` alarm filters the consumer's log for that line).
 */
export function countDeadLetter(queue: QueueId, ledger: DeadLetterLedger, clock: Clock) {
  return async (record: SQSRecord) => {
    const count = await ledger.record(queue, record.body, clock.now());
    if (count >= 2) logger.error(DEAD_LETTERED_TWICE, { queue, messageId: record.messageId, deadLetters: count });
  };
}

/** Dead-letter queues as the redrive sees them (SQS in the cloud and locally, through the same SDK). */
export interface DeadLetterQueues {
  /** Messages waiting in the queue's dead-letter queue. */
  depth(queue: QueueId): Promise<number>;
  /** True while an earlier move from this dead-letter queue is still running. */
  moving(queue: QueueId): Promise<boolean>;
  /** Moves the dead-letter queue's messages back to their queue, at most `perSecond` a second. */
  moveBack(queue: QueueId, limits: RedriveLimits): Promise<MoveOutcome>;
}

export type MoveOutcome = { mode: 'move-task'; taskHandle: string } | { mode: 'resent'; moved: number };

export interface RedriveLimits {
  /** SQS moves at most this many messages a second (`MaxNumberOfMessagesPerSecond`). */
  perSecond: number;
  /** The receive-and-resend path moves at most this many per run; the next run moves the rest. */
  maxPerRun: number;
  /** Redrives per queue per UTC day: a queue that keeps dead-lettering waits for a person. */
  maxPerDay: number;
}

export const REDRIVE_LIMITS: RedriveLimits = { perSecond: 50, maxPerRun: 1_000, maxPerDay: 6 };

export interface RedriveDeps {
  queues: DeadLetterQueues;
  ledger: DeadLetterLedger;
  /** The same check `/health` makes: the redrive waits while it fails. */
  healthy(): Promise<boolean>;
  audit: AuditLog;
  clock: Clock;
  requestId: string;
  queueIds: QueueId[];
  limits?: RedriveLimits;
}

export type RedriveOutcome =
  | { queue: QueueId; outcome: 'empty' | 'moving' | 'daily-limit' }
  | { queue: QueueId; outcome: 'held'; until: string }
  | ({ queue: QueueId; outcome: 'redriven'; waiting: number } & MoveOutcome);

/**
 * The self-healing step, run on a schedule: once the service is healthy again, every queue's
 * dead-lettered messages go back to their queue, where the consumers take them up as if they had
 * just arrived (every consumer is idempotent). Bounded: at most `perSecond` moved a second,
 * `maxPerDay` redrives per queue a day, none while an earlier move runs, none for a queue whose
 * messages came back to the dead-letter queue after a redrive (held, and alarmed). Each redrive
 * is audited.
 */
export async function redriveDeadLetters(deps: RedriveDeps): Promise<{ healthy: boolean; queues: RedriveOutcome[] }> {
  if (!(await deps.healthy())) return { healthy: false, queues: [] };
  const limits = deps.limits ?? REDRIVE_LIMITS;
  const now = deps.clock.now();
  const out: RedriveOutcome[] = [];
  for (const queue of deps.queueIds) {
    const waiting = await deps.queues.depth(queue);
    if (waiting === 0) {
      out.push({ queue, outcome: 'empty' });
      continue;
    }
    const until = await deps.ledger.heldUntil(queue, now);
    if (until) {
      out.push({ queue, outcome: 'held', until });
      continue;
    }
    if (await deps.queues.moving(queue)) {
      out.push({ queue, outcome: 'moving' });
      continue;
    }
    if (!(await deps.ledger.claimRedrive(queue, now.toISOString().slice(0, 10), limits.maxPerDay))) {
      out.push({ queue, outcome: 'daily-limit' });
      continue;
    }
    const moved = await deps.queues.moveBack(queue, limits);
    await deps.audit.record({
      actor: 'system',
      role: 'scheduler',
      action: 'dead-letters.redriven',
      target: `queue:${queue}`,
      institution: 'none',
      at: now,
      requestId: deps.requestId,
      outcome: 'success',
      details: { waiting, ...moved },
    });
    logger.info('dead letters redriven', { queue, waiting, ...moved });
    out.push({ queue, outcome: 'redriven', waiting, ...moved });
  }
  return { healthy: true, queues: out };
}
