import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { QUEUES } from '../../shared/catalog';
import {
  BadMessageError,
  backoffSeconds,
  DEFAULT_BACKOFF,
  failureKind,
  isOutage,
  isThrottling,
  outageSurvivedSeconds,
  parseBody,
  patiently,
  withOutageBackoff,
} from '../../shared/delivery/outage';

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

describe('withOutageBackoff', () => {
  const sqsMock = mockClient(SQSClient);
  const sqs = new SQSClient({ region: 'eu-south-1' });
  const record = (receiveCount: string) =>
    ({
      messageId: 'msg-1',
      receiptHandle: 'rh-1',
      body: '{}',
      attributes: { ApproximateReceiveCount: receiveCount },
    }) as unknown as SQSRecord;
  const opts = { sqs, queueUrl: 'http://q/email', maxReceiveCount: 10, policy: { baseSeconds: 10, maxSeconds: 600 }, random: () => 0 };

  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
  });

  it('a record throttled after the SDK’s retries still fails, and comes back later the more often it was received', async () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 429 } });
    const wrapped = withOutageBackoff(async () => {
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
    const wrapped = withOutageBackoff(async () => {
      throw new Error('the member kept changing');
    }, opts);
    await expect(wrapped(record('2'))).rejects.toThrow('the member kept changing');
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it('backs off on an outage too: DynamoDB refusing connections, a 5xx', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' });
    const wrapped = withOutageBackoff(async () => {
      throw refused;
    }, opts);
    await expect(wrapped(record('3'))).rejects.toBe(refused);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input.VisibilityTimeout).toBe(20);
  });

  it('sends a bad message round again after a second, so it reaches the dead-letter queue in seconds', async () => {
    const wrapped = withOutageBackoff(async (r) => parseBody(r, z.object({ id: z.string() })), opts);
    await expect(wrapped(record('1'))).rejects.toBeInstanceOf(BadMessageError);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input.VisibilityTimeout).toBe(1);
  });

  it('on the last receive, tells the dead-letter hook instead of backing off; the hook failing changes nothing', async () => {
    const seen: string[] = [];
    const outage = Object.assign(new Error('x'), { name: 'ServiceUnavailable', $fault: 'server' });
    const wrapped = withOutageBackoff(
      async () => {
        throw outage;
      },
      {
        ...opts,
        async onDeadLetter(r, e) {
          seen.push(`${r.messageId}:${(e as Error).name}`);
          throw new Error('ledger down too');
        },
      },
    );
    await expect(wrapped(record('10'))).rejects.toBe(outage);
    expect(seen).toEqual(['msg-1:ServiceUnavailable']);
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
    await expect(wrapped(record('9'))).rejects.toBe(outage);
    expect(seen).toHaveLength(1);
  });

  it('reports the throttling failure even when the visibility cannot be changed', async () => {
    sqsMock.on(ChangeMessageVisibilityCommand).rejects(Object.assign(new Error('gone'), { name: 'ReceiptHandleIsInvalid' }));
    const wrapped = withOutageBackoff(async () => {
      throw Object.assign(new Error('x'), { name: 'ThrottledException' });
    }, opts);
    await expect(wrapped(record('1'))).rejects.toMatchObject({ name: 'ThrottledException' });
  });

  it('passes successes through untouched', async () => {
    expect(await withOutageBackoff(async () => 'ok', opts)(record('1'))).toBe('ok');
    expect(sqsMock.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });
});

describe('outage or bad message', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' })],
    ['socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a 503', { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }],
    ['a server fault', { name: 'InternalServerError', $fault: 'server' }],
    ['a timeout', { name: 'TimeoutError' }],
    ['throttling', { name: 'ThrottledException' }],
    [
      'a transaction conflict',
      { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] },
    ],
    ['the idempotency store failing on DynamoDB', { name: 'IdempotencyPersistenceLayerError', cause: { code: 'ECONNREFUSED' } }],
    ['a send still in progress elsewhere', { name: 'IdempotencyAlreadyInProgressError' }],
  ])('%s is an outage', (_label, error) => {
    expect(isOutage(error)).toBe(true);
    expect(failureKind(error)).toBe('outage');
  });

  it.each([
    ['a failed condition', { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }],
    [
      'a transaction cancelled by a condition',
      { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] },
    ],
    ['a permanent SES refusal', { name: 'MessageRejected', $fault: 'client' }],
    ['a plain error', new Error('boom')],
  ])('%s is not', (_label, error) => {
    expect(isOutage(error)).toBe(false);
    expect(failureKind(error)).toBe('failure');
  });

  it('a body that is not JSON or not the schema is a bad message', () => {
    const schema = z.object({ jobId: z.uuid() });
    expect(() => parseBody({ body: '{nope' }, schema)).toThrow(BadMessageError);
    expect(() => parseBody({ body: '{"jobId":"x"}' }, schema)).toThrow(/jobId/);
    expect(failureKind(new BadMessageError('x'))).toBe('bad-message');
  });
});

describe('every queue rides out a 15-minute outage', () => {
  it.each(Object.values(QUEUES).map((q) => [q.id, q.maxReceiveCount] as const))('%s (maxReceiveCount %i)', (_id, receives) => {
    expect(outageSurvivedSeconds(receives, DEFAULT_BACKOFF)).toBeGreaterThanOrEqual(15 * 60);
  });

  it('and the survival time is the low end of each jittered delay', () => {
    expect(outageSurvivedSeconds(1, DEFAULT_BACKOFF)).toBe(0);
    expect(outageSurvivedSeconds(4, DEFAULT_BACKOFF)).toBe(15 + 30 + 60);
    expect(outageSurvivedSeconds(10, DEFAULT_BACKOFF)).toBe(15 + 30 + 60 + 120 + 240 + 450 * 4);
  });
});

describe('patiently', () => {
  const noSleep = async () => undefined;

  it('retries a write through an outage until it lands', async () => {
    let calls = 0;
    const out = await patiently(
      async () => {
        if (++calls < 4) throw Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
        return 'written';
      },
      60_000,
      noSleep,
    );
    expect([out, calls]).toEqual(['written', 4]);
  });

  it('throws anything that is not an outage at once, and an outage once the budget is spent', async () => {
    let calls = 0;
    await expect(
      patiently(
        async () => {
          calls++;
          throw new Error('bug');
        },
        60_000,
        noSleep,
      ),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
    await expect(
      patiently(
        async () => {
          throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
        },
        0,
        noSleep,
      ),
    ).rejects.toThrow('down');
  });
});
