import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { backoffSeconds, DEFAULT_BACKOFF, isThrottling, withThrottleBackoff } from '../../shared/delivery/throttling';

describe('backoffSeconds', () => {
  const policy = { baseSeconds: 30, maxSeconds: 900 };

  it('doubles with each receive, between half and all of the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, policy, () => 0))).toEqual([15, 30, 60, 120, 240]);
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, policy, () => 0.999999))).toEqual([30, 60, 120, 240, 480]);
  });

  it('spreads consumers throttled together: the jitter decides where in the window each lands', () => {
    const seen = new Set(Array.from({ length: 50 }, (_, i) => backoffSeconds(3, policy, () => i / 50)));
    expect(seen.size).toBeGreaterThan(25);
    expect(Math.min(...seen)).toBe(60);
    expect(Math.max(...seen)).toBeLessThanOrEqual(120);
  });

  it('never waits longer than the cap, nor longer than SQS allows', () => {
    expect(backoffSeconds(30, policy, () => 0.999999)).toBe(900);
    expect(backoffSeconds(1000, { baseSeconds: 60, maxSeconds: 100_000 }, () => 0.999999)).toBe(43_200);
  });

  it('treats a missing or odd receive count as the first attempt, and waits at least a second', () => {
    expect(backoffSeconds(Number.NaN, policy, () => 0)).toBe(15);
    expect(backoffSeconds(0, policy, () => 0)).toBe(15);
    expect(backoffSeconds(1, { baseSeconds: 1, maxSeconds: 10 }, () => 0)).toBe(1);
  });

  it('defaults to 30 s growing to 15 minutes', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseSeconds: 30, maxSeconds: 900 });
  });
});

describe('isThrottling', () => {
  it.each(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'LimitExceededException'])(
    '%s',
    (name) => {
      expect(isThrottling(Object.assign(new Error('x'), { name }))).toBe(true);
    },
  );

  it('also recognises HTTP 429 and the SDK’s throttling flag, and nothing else', () => {
    expect(isThrottling({ name: 'Whatever', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottling({ name: 'Whatever', $retryable: { throttling: true } })).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { name: 'MessageRejected' }))).toBe(false);
    expect(isThrottling(new Error('boom'))).toBe(false);
    expect(isThrottling(undefined)).toBe(false);
  });
});

describe('withThrottleBackoff', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'eu-south-1' });
  const record = (receiveCount: string) =>
    ({
      messageId: 'msg-1',
      receiptHandle: 'rh-1',
      body: '{}',
      attributes: { ApproximateReceiveCount: receiveCount },
    }) as unknown as SQSRecord;
  const opts = { sqs, queueUrl: 'http://q/email', policy: { baseSeconds: 10, maxSeconds: 600 }, random: () => 0 };

  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
  });

  it('a record throttled after the SDK’s retries still fails, and comes back later the more often it was received', async () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 429 } });
    const wrapped = withThrottleBackoff(async () => {
      throw throttled;
    }, opts);
    await expect(wrapped(record('1'))).rejects.toBe(throttled);
    await expect(wrapped(record('4'))).rejects.toBe(throttled);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: 'http://q/email', ReceiptHandle: 'rh-1', VisibilityTimeout: 5 },
      { QueueUrl: 'http://q/email', ReceiptHandle: 'rh-1', VisibilityTimeout: 40 },
    ]);
  });

  it('leaves other failures to the queue’s own visibility timeout', async () => {
    const wrapped = withThrottleBackoff(async () => {
      throw new Error('schema');
    }, opts);
    await expect(wrapped(record('2'))).rejects.toThrow('schema');
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('reports the throttling failure even when the visibility cannot be changed', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(Object.assign(new Error('gone'), { name: 'ReceiptHandleIsInvalid' }));
    const wrapped = withThrottleBackoff(async () => {
      throw Object.assign(new Error('x'), { name: 'ThrottledException' });
    }, opts);
    await expect(wrapped(record('1'))).rejects.toMatchObject({ name: 'ThrottledException' });
  });

  it('passes successes through untouched', async () => {
    expect(await withThrottleBackoff(async () => 'ok', opts)(record('1'))).toBe('ok');
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });
});
