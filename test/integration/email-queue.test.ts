import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { drained } from '../helpers/drain';
import { eventually, localClients, sesStore } from '../helpers/local-clients';

const { runtime } = inject('stack');

describe('email queue → send-email consumer → SES emulator', () => {
  it('sends one localized email per business key, even when the message is delivered twice', async () => {
    const { sqs } = localClients(runtime);
    const to = `queue-test-${Date.now()}@example.org`;
    const message = {
      key: `test#${to}`,
      template: 'password-changed',
      locale: 'tr',
      to,
      data: {
        givenName: 'Ayşe',
        login: 'ayse.yilmaz@meb.k12.tr',
        changedAt: '25.11.2026',
        helpdeskEmail: 'destek@meb.k12.tr',
        helpdeskPhone: '+903120000000',
        helpdeskHours: '08:30–17:30',
      },
    };
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.resources.queues.email.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify(message) },
          { Id: 'b', MessageBody: JSON.stringify(message) },
        ],
      }),
    );
    const mine = await eventually(
      async () => (await sesStore(runtime)).filter((e) => e.destination.to.includes(to)),
      (list) => list.length >= 1,
    );
    // Both deliveries handled (the queue drained): a duplicate would be in the store by now.
    expect((await drained(runtime, ['email'])).deadLetters.email).toBe(0);
    const after = (await sesStore(runtime)).filter((e) => e.destination.to.includes(to));
    expect(mine).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]?.subject).toBe('ayse.yilmaz@meb.k12.tr hesabınızın parolası değiştirildi');
    expect(after[0]?.body.text).toContain('Sayın Ayşe');
  });

  it('a message that can never be processed ends in the dead-letter queue, not in a loop', async () => {
    const { sqs } = localClients(runtime);
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.resources.queues.email.url,
        Entries: [{ Id: 'bad', MessageBody: '{"key":"x","template":"no-such-template"}' }],
      }),
    );
    const depth = await eventually(
      async () => {
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: runtime.resources.queues.email.dlqUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
      },
      (n) => n >= 1,
      90_000,
    );
    expect(depth).toBe(1);
  }, 120_000);
});
