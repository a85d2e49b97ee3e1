import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { logger } from '../logger';

/**
 * Error names SES, SNS and the SDK use for "slow down". The SDK (adaptive retry mode) already
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
]);

export function isThrottling(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } } | null;
  if (!e) return false;
  return THROTTLING.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

export interface BackoffPolicy {
  /** Delay of the first retry, before jitter. */
  baseSeconds: number;
  /** No retry waits longer than this (SQS allows up to 12 hours). */
  maxSeconds: number;
}

/** 30 s, 60 s, 2 min, 4 min … (each between half and all of that): a throttled burst spreads out. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 900 };

const SQS_MAX_VISIBILITY = 43_200;

/**
 * How long a throttled message stays invisible before its next attempt: exponential in the
 * attempt number with "equal jitter" (half fixed, half random), so consumers that were throttled
 * together do not all come back in the same second. `receiveCount` is SQS's
 * `ApproximateReceiveCount` (1 on the first delivery); `random` returns [0, 1).
 */
export function backoffSeconds(receiveCount: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const attempt = Number.isFinite(receiveCount) && receiveCount >= 1 ? Math.floor(receiveCount) : 1;
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(attempt - 1, 30));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(1, Math.min(SQS_MAX_VISIBILITY, Math.ceil(jittered)));
}

export interface ThrottleBackoffOptions {
  sqs: SQSClient;
  /** The consumer's own queue: the record's visibility is changed there. */
  queueUrl: string;
  policy: BackoffPolicy;
  random?: () => number;
}

/**
 * Wraps a batch record handler: when a record fails on throttling (the SDK's own retries are
 * spent), its visibility timeout is set from its receive count before the failure is reported,
 * so SQS brings it back later and later instead of after the queue's fixed timeout. Other
 * failures are reported unchanged. The record fails either way: the batch response lists it.
 */
export function withThrottleBackoff<T>(handler: (record: SQSRecord) => Promise<T>, opts: ThrottleBackoffOptions) {
  return async (record: SQSRecord): Promise<T> => {
    try {
      return await handler(record);
    } catch (error) {
      if (isThrottling(error)) {
        const receiveCount = Number(record.attributes?.ApproximateReceiveCount ?? 1);
        const seconds = backoffSeconds(receiveCount, opts.policy, opts.random);
        try {
          await opts.sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: opts.queueUrl,
              ReceiptHandle: record.receiptHandle,
              VisibilityTimeout: seconds,
            }),
          );
          logger.warn('throttled: retry later', { messageId: record.messageId, receiveCount, retryInSeconds: seconds });
        } catch (visibilityError) {
          // The queue's own visibility timeout still brings the message back.
          logger.warn('could not delay a throttled message', { messageId: record.messageId, reason: (visibilityError as Error).name });
        }
      }
      throw error;
    }
  };
}
