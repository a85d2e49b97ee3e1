import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '../logger';

/**
 * Error names SES, SNS and the SDK use for "slow down". The SDK (standard retry mode) already
 * retries these with back-off inside one call; what reaches the consumer is a call it gave up on.
 */
const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'LimitExceededException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  // Posta's own: no SES send slot was free within the wait (shared/email/send-pace.ts).
  'SesSendRateReached',
]);

/** A dependency that is down, restarting or overloaded for a while: the same call succeeds later. */
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'InternalErrorException',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'TransactionConflictException',
  'TransactionInProgressException',
  // Powertools idempotency: another invocation holds the key (or crashed holding it): later.
  'IdempotencyAlreadyInProgressError',
  'IdempotencyInconsistentStateError',
]);

/** Node's socket errors: the endpoint refused, dropped or never answered the connection. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Cancellation reasons of a DynamoDB transaction that a retry gets past. */
const TRANSIENT_CANCELLATION = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

type AwsLikeError = {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  CancellationReasons?: Array<{ Code?: string }>;
};

export function isThrottling(error: unknown): boolean {
  const e = error as AwsLikeError | null;
  if (!e) return false;
  return THROTTLING.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/**
 * A dependency outage rather than something wrong with the message: throttling, a 5xx answer
 * (the SDK marks server faults), a refused or dropped connection, a timeout, a DynamoDB
 * transaction cancelled by a conflict. Looks through `cause` (Powertools wraps the store's error).
 */
export function isOutage(error: unknown, depth = 0): boolean {
  const e = error as AwsLikeError | null;
  if (!e || typeof e !== 'object' || depth > 5) return false;
  if (isThrottling(e) || UNAVAILABLE.has(e.name ?? '') || NETWORK.has(e.code ?? '')) return true;
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (/\b(ECONNREFUSED|ECONNRESET|socket hang up)\b/.test(e.message ?? '')) return true;
  if (e.name === 'TransactionCanceledException') {
    const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None').filter((c) => c !== 'None');
    if (codes.length > 0 && codes.every((c) => TRANSIENT_CANCELLATION.has(c))) return true;
  }
  return e.cause !== undefined && isOutage(e.cause, depth + 1);
}

/** A message that can never succeed as written (not JSON, not the consumer's schema). */
export class BadMessageError extends Error {
  override readonly name = 'BadMessageError';
}

/** Parses a record's JSON body with the consumer's schema; anything else is a `BadMessageError`. */
export function parseBody<S extends z.ZodType>(record: Pick<SQSRecord, 'body'>, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    throw new BadMessageError('the message body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new BadMessageError(`the message does not match the schema: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  return parsed.data;
}

/**
 * What a failed record is: `outage` (back off, keep it), `bad-message` (it will never succeed:
 * let it reach the dead-letter queue at once) or `failure` (anything else, a bug or a state the
 * code did not expect: retried after the queue's own visibility timeout).
 */
export type FailureKind = 'outage' | 'bad-message' | 'failure';

export function failureKind(error: unknown): FailureKind {
  if (error instanceof BadMessageError) return 'bad-message';
  return isOutage(error) ? 'outage' : 'failure';
}

export interface BackoffPolicy {
  /** Delay of the first retry, before jitter. */
  baseSeconds: number;
  /** No retry waits longer than this (SQS allows up to 12 hours). */
  maxSeconds: number;
}

/** 30 s, 60 s, 2 min, 4 min … 15 min (each between half and all of that): a throttled burst spreads out. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 900 };

/**
 * The back-off consumers use: `RETRY_BACKOFF_BASE_SECONDS` shortens the first delay (tests and
 * the benchmark, whose outages last seconds, not minutes); unset or invalid, the default.
 */
export function backoffPolicy(env: NodeJS.ProcessEnv = process.env): BackoffPolicy {
  const base = Number(env.RETRY_BACKOFF_BASE_SECONDS);
  return Number.isInteger(base) && base > 0 ? { ...DEFAULT_BACKOFF, baseSeconds: base } : DEFAULT_BACKOFF;
}

const SQS_MAX_VISIBILITY = 43_200;

/** A bad message comes round again after this long, until it has used up its receives. */
export const BAD_MESSAGE_RETRY_SECONDS = 1;

/**
 * How long a message stays invisible before its next attempt: exponential in the attempt number
 * with "equal jitter" (half fixed, half random), so consumers that failed together do not all
 * come back in the same second. `receiveCount` is SQS's `ApproximateReceiveCount` (1 on the first
 * delivery); `random` returns [0, 1).
 */
export function backoffSeconds(receiveCount: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(attempt - 1, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(1, Math.min(SQS_MAX_VISIBILITY, Math.ceil(jittered)));
}

/**
 * The shortest time a message failing on an outage at every receive takes to use up
 * `maxReceiveCount` receives (every delay at the low end of its jitter): the longest outage the
 * queue is sure to ride out without dead-lettering anything.
 */
export function outageSurvivedSeconds(maxReceiveCount: number, policy: BackoffPolicy): number {
  let total = 0;
  for (let receive = 1; receive < maxReceiveCount; receive++) total += backoffSeconds(receive, policy, () => 0);
  return total;
}

export interface OutageBackoffOptions {
  sqs: SQSClient;
  /** The consumer's own queue: the record's visibility is changed there. */
  queueUrl: string;
  /** The queue's `maxReceiveCount`: a failure on that receive sends the record to the dead-letter queue. */
  maxReceiveCount: number;
  policy: BackoffPolicy;
  random?: () => number;
  /**
   * Called when a record fails on its last receive, just before SQS moves it to the dead-letter
   * queue (import chunks show the failure on their job; every queue counts it in the ledger).
   * Best effort: its own failure is logged, never thrown over the record's.
   */
  onDeadLetter?: (record: SQSRecord, error: unknown) => Promise<void>;
}

async function setVisibility(opts: OutageBackoffOptions, record: SQSRecord, seconds: number) {
  try {
    await opts.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: opts.queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }),
    );
    return true;
  } catch (visibilityError) {
    // The queue's own visibility timeout still brings the message back.
    logger.warn('could not change a failed message’s visibility', { messageId: record.messageId, reason: (visibilityError as Error).name });
    return false;
  }
}

/**
 * Wraps a batch record handler so a failed record is retried according to why it failed:
 * - an **outage** (throttling, 5xx, connection refused, timeout) raises the record's visibility
 *   from its receive count (30 s … 15 min with jitter), so the message is kept and comes back
 *   later and later instead of burning its receives in seconds (`maxReceiveCount` in the catalog
 *   is sized so a 15-minute outage dead-letters nothing: `outageSurvivedSeconds`);
 * - a **bad message** (not JSON, not the schema) is made visible again after a second (not 0:
 *   the poller that just failed it does not take it back in the same breath), so it reaches the
 *   dead-letter queue in seconds instead of occupying the queue for half an hour;
 * - any other **failure** keeps the queue's own visibility timeout.
 * The record fails either way (the batch response lists it): nothing is deleted that did not succeed.
 */
export function withOutageBackoff<T>(handler: (record: SQSRecord) => Promise<T>, opts: OutageBackoffOptions) {
  return async (record: SQSRecord): Promise<T> => {
    try {
      return await handler(record);
    } catch (error) {
      const kind = failureKind(error);
      const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      const last = receiveCount >= opts.maxReceiveCount;
      if (last) {
        logger.error('message goes to the dead-letter queue', {
          messageId: record.messageId,
          receiveCount,
          kind,
          reason: (error as Error)?.name,
        });
        try {
          await opts.onDeadLetter?.(record, error);
        } catch (hookError) {
          logger.warn('dead-letter bookkeeping failed', { messageId: record.messageId, reason: (hookError as Error)?.name });
        }
      } else if (kind === 'outage') {
        const seconds = backoffSeconds(receiveCount, opts.policy, opts.random);
        if (await setVisibility(opts, record, seconds)) {
          logger.warn('dependency unavailable: retry later', { messageId: record.messageId, receiveCount, retryInSeconds: seconds });
        }
      } else if (kind === 'bad-message') {
        logger.error('bad message: on to the dead-letter queue', { messageId: record.messageId, reason: (error as Error).message });
        await setVisibility(opts, record, BAD_MESSAGE_RETRY_SECONDS);
      }
      throw error;
    }
  };
}

/**
 * How long bookkeeping that follows an irrevocable send (an SMS, an email) keeps retrying through
 * an outage before it gives up: long enough for a dependency that restarts (seconds), well within
 * the consumers' 30-second timeout.
 */
export const PATIENCE_MS = 20_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write`, retrying it while it fails on an outage (100 ms doubling to 2 s) for at most
 * `budgetMs`, then throws the last error. For the write that records a send which cannot be
 * undone: given up on at once, the message would come back and send again.
 */
export async function patiently<T>(
  write: () => Promise<T>,
  budgetMs = PATIENCE_MS,
  sleep: (ms: number) => Promise<unknown> = pause,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const wait = Math.min(2_000, 100 * 2 ** attempt);
      if (!isOutage(error) || Date.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}
