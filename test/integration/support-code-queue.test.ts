import { CreateQueueCommand, type Message, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { SECRETS } from '../../shared/catalog';
import { supportCodeFor } from '../../shared/identity/support-code';
import { apiClient } from '../helpers/api-client';
import { eventually, localClients, localDb, sesStore } from '../helpers/local-clients';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport } = apiClient(runtime, demoUsers);
const { sqs } = localClients(runtime);
const db = localDb(runtime);
const reachable = (queueUrl: string | undefined) => new URL(new URL(queueUrl ?? '').pathname, runtime.urls.sqs).href;

/** Every message a queue holds (ready, in flight, delayed), read without consuming it. */
async function inspect(queueUrl: string): Promise<string> {
  const name = new URL(queueUrl).pathname.split('/').pop() ?? '';
  return await (await fetch(`${runtime.urls.sqs}/_fauxqs/queues/${name}`)).text();
}

describe('canary: the helpdesk support code never travels in a queue message', () => {
  it('provisioning queues the notice without the code; the email consumer inserts the member’s code at send time', async () => {
    const rows = [italianRow(190_000, 'SUPQ0001'), italianRow(190_001, 'SUPQ0001')];
    const operator = await tokenOf('operator');
    expect((await runImport(operator, toCsv(rows))).counts.created).toBe(2);
    const lot = await call(operator, 'POST', '/v1/lots', {
      name: 'Canary',
      launchAt: new Date(Date.now() + 3_600_000).toISOString(),
      selection: { kind: 'institutions', institutionCodes: ['SUPQ0001'] },
    });
    expect(lot.body.memberCount).toBe(2);
    const memberIds = await Promise.all(
      rows.map(async (r) => {
        const login = r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
        const { Item } = await db.send(
          new GetCommand({ TableName: runtime.resources.tables.directory, Key: { pk: `ADDRESS#${login}`, sk: 'ADDRESS' } }),
        );
        return Item?.memberId as string;
      }),
    );
    const codes = memberIds.map((id) => supportCodeFor(id, runtime.env[SECRETS.supportCodeKey.valueEnv] as string));

    // The real provisioning consumer, with the stack's configuration, sending its emails to a
    // queue of this test's own, so every message it queued can be read back before anyone consumes it.
    const run = Date.now().toString(36);
    const tap = reachable((await sqs.send(new CreateQueueCommand({ QueueName: `support-code-tap-${run}` }))).QueueUrl);
    Object.assign(process.env, runtime.env, { EMAIL_QUEUE_URL: tap });
    const { handler } = await import('../../functions/consumers/provision-account');
    const event = {
      Records: memberIds.map((memberId, i) => ({
        messageId: `m${i}`,
        receiptHandle: `r${i}`,
        body: JSON.stringify({ lotId: lot.body.lotId, memberId }),
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-south-1:000000000000:provision',
        awsRegion: 'eu-south-1',
      })),
    } as unknown as SQSEvent;
    expect(await handler(event, lambdaContext('provision-consumer', 30))).toEqual({ batchItemFailures: [] });

    const queued: Message[] = [];
    for (let i = 0; i < 5 && queued.length < 2; i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: tap, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      queued.push(...(out.Messages ?? []));
    }
    expect(queued.map((m) => JSON.parse(m.Body ?? '{}').template)).toEqual(['migration-notice', 'migration-notice']);
    for (const m of queued) {
      expect(m.Body).not.toMatch(/supportCode/);
      for (const code of codes) expect(m.Body).not.toContain(code);
    }

    // On to the stack's email queue, as the producer would have sent them: each notice arrives
    // with the member's code, which the helpdesk accepts.
    for (const m of queued) await sqs.send(new SendMessageCommand({ QueueUrl: runtime.resources.queues.email.url, MessageBody: m.Body }));
    const mails = await eventually(
      async () => (await sesStore(runtime)).filter((mail) => rows.some((r) => mail.destination.to.includes(r.oldAddress))),
      (list) => list.length === 2,
      60_000,
    );
    const support = await tokenOf('support');
    for (const [i, row] of rows.entries()) {
      const mail = mails.find((m) => m.destination.to.includes(row.oldAddress));
      expect(mail?.body.text).toContain(codes[i]);
      const check = await call(support, 'POST', '/v1/support/verify-code', { memberId: memberIds[i], supportCode: codes[i] });
      expect(check.body).toEqual({ valid: true });
    }

    // Nor in whatever the email queue or its dead-letter queue holds now.
    const held = (await inspect(runtime.resources.queues.email.url)) + (await inspect(runtime.resources.queues.email.dlqUrl));
    for (const code of codes) expect(held).not.toContain(code);
  }, 180_000);
});
