import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import type { QueueDef } from '../../shared/catalog';
import { eventually, localClients } from '../helpers/local-clients';

const { runtime } = inject('stack');

describe('local queue runner', () => {
  it('honours a visibility the consumer set itself (throttling back-off) instead of retrying after a second', async () => {
    Object.assign(process.env, runtime.env);
    const { sqs } = localClients(runtime);
    const { startQueueRunner } = await import('../../local/queue-runner');
    const { receives } = await import('../fixtures/backoff-consumer');
    const created = await sqs.send(
      new CreateQueueCommand({ QueueName: `runner-visibility-${Date.now()}`, Attributes: { VisibilityTimeout: '60' } }),
    );
    const queueUrl = new URL(new URL(created.QueueUrl ?? '').pathname, runtime.urls.sqs).href;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'delayed', MessageBody: JSON.stringify({ id: 'delayed', delay: true, queueUrl }) },
          { Id: 'plain', MessageBody: JSON.stringify({ id: 'plain', delay: false, queueUrl }) },
        ],
      }),
    );
    const def = {
      id: 'email',
      consumer: 'test/fixtures/backoff-consumer.ts',
      batchSize: 10,
      maxConcurrency: 1,
      timeoutSeconds: 5,
    } as unknown as QueueDef;
    const runner = startQueueRunner({ sqs, def, queueUrl });
    try {
      // The plain failure comes back after the runner's short local back-off (1 s): received again.
      await eventually(
        async () => receives.get('plain') ?? 0,
        (n) => n >= 2,
        25_000,
      );
      expect(receives.get('plain')).toBeGreaterThanOrEqual(2);
      // The delayed one is still in flight with the consumer's 30 s, not shortened by the runner:
      // read from the emulator's own state, not inferred from waiting.
      const name = new URL(queueUrl).pathname.split('/').at(-1);
      const state = (await (await fetch(`${runtime.urls.sqs}/_fauxqs/queues/${name}`)).json()) as {
        messages: { inflight: Array<{ message: { body: string }; visibilityDeadline: number }> };
      };
      const delayed = state.messages.inflight.find((m) => JSON.parse(m.message.body).id === 'delayed');
      expect(delayed?.visibilityDeadline).toBeGreaterThan(Date.now() + 15_000);
      expect(receives.get('delayed')).toBe(1);
    } finally {
      await runner.stop();
    }
  }, 40_000);
});
