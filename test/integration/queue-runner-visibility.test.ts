import { CreateQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import type { QueueDef } from '../../shared/catalog';
import { localClients } from '../helpers/local-clients';

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
    await new Promise((r) => setTimeout(r, 6000));
    await runner.stop();
    // The plain failure comes back after the runner's short local back-off; the delayed one not before its 30 s.
    expect(receives.get('plain')).toBeGreaterThanOrEqual(2);
    expect(receives.get('delayed')).toBe(1);
  }, 30_000);
});
