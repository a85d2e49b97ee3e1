import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { lambdaContext } from '../../local/lambda-context';
import { PROGRESS_KEYS } from '../../shared/progress/progress-counters';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { eventually, localClients, localDb, sesStore } from '../helpers/local-clients';
import { runJob } from '../helpers/profile-stack';
import { sesBounce, sesComplaint } from '../helpers/ses-event-fixtures';
import { italianRow } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const api = apiClient(runtime, demoUsers);
const { tokenOf, call } = api;
const directory = localDb(runtime);
const none = Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0]));

async function member(memberId: string): Promise<Json> {
  const { Item } = await directory.send(
    new GetCommand({
      TableName: runtime.resources.tables.directory,
      Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' },
      ConsistentRead: true,
    }),
  );
  return Item as Json;
}

describe('delivery failures: SES bounces and complaints, rejected sends (it-miur)', () => {
  // Bounce (sent twice, as EventBridge may), complaint, transient bounce, SES rejection.
  const rows = Array.from({ length: 4 }, (_, i) => italianRow(41_000 + i, 'BNCE0001'));
  let ids: string[] = [];
  let operator: string;
  let lot: Json;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    ({ lot, memberIds: ids } = await launchSmallLot({ runtime, api, db: directory }, operator, {
      name: 'Bounces',
      institutionCode: 'BNCE0001',
      rows,
    }));
    const progress = await eventually(
      async () => (await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body,
      (p) => p.notified === rows.length,
    );
    expect(progress).toEqual({ ...none, notified: rows.length });
  }, 120_000);

  it('a hard bounce and a complaint are recorded once per member, counted as bounced, and end the reminders; a soft bounce changes nothing', async () => {
    const [bounced, complained, soft] = ids as [string, string, string];
    for (const id of [bounced, complained, soft]) expect((await member(id)).duePk).toEqual(expect.any(String));
    const { sqs } = localClients(runtime);
    // Exactly what the EventBridge rule delivers: the SES event, envelope and all, as the message body.
    const hard = JSON.stringify(sesBounce('Permanent', 'NoEmail', { memberId: [bounced], businessKey: [`notice_${bounced}_1`] }));
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: runtime.resources.queues.deliveryEvents.url,
        Entries: [
          { Id: 'hard', MessageBody: hard },
          { Id: 'again', MessageBody: hard },
          { Id: 'complaint', MessageBody: JSON.stringify(sesComplaint({ memberId: [complained] })) },
          { Id: 'soft', MessageBody: JSON.stringify(sesBounce('Transient', 'MailboxFull', { memberId: [soft] })) },
        ],
      }),
    );
    const first = await eventually(
      () => member(bounced),
      (m) => Boolean(m.deliveryFailure),
    );
    expect(first.deliveryFailure).toEqual({ kind: 'bounce', subType: 'NoEmail', at: '2027-02-01T10:00:04.000Z' });
    expect(first.duePk).toBeUndefined();
    expect(first.dueSk).toBeUndefined();
    const second = await eventually(
      () => member(complained),
      (m) => Boolean(m.deliveryFailure),
    );
    expect(second.deliveryFailure).toEqual({ kind: 'complaint', subType: 'abuse', at: '2027-02-01T11:00:00.000Z' });
    expect(second.duePk).toBeUndefined();
    // The duplicate and the soft bounce processed too (the queue drained), before asserting nothing else changed.
    expect((await drained(runtime, ['deliveryEvents'])).deadLetters.deliveryEvents).toBe(0);
    const untouched = await member(soft);
    expect(untouched.deliveryFailure).toBeUndefined();
    expect(untouched.duePk).toEqual(expect.any(String));
    expect(untouched.state).toBe('notified');
    expect((await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body).toEqual({ ...none, notified: rows.length, bounced: 2 });
    expect((await call(operator, 'GET', '/v1/institutions/BNCE0001/progress')).body).toEqual({
      ...none,
      notified: rows.length,
      bounced: 2,
    });
  }, 60_000);

  it('an email SES refuses outright is recorded the same way, once, by the send-email consumer', async () => {
    const rejected = ids[3] as string;
    const to = rows[3]?.oldAddress as string;
    // The real consumer, in this process, against the local stack; SES refuses this one address.
    Object.assign(process.env, runtime.env);
    const { sesv2 } = await import('../../shared/clients/sesv2');
    sesv2.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Destination?: { ToAddresses?: string[] } };
        if (input.Destination?.ToAddresses?.includes(to)) {
          throw Object.assign(new Error('Email address is on the suppression list'), {
            name: 'MessageRejected',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'rejectOneAddress' },
    );
    const { handler } = await import('../../functions/consumers/send-email');
    const body = JSON.stringify({
      key: `reminder-test#${rejected}`,
      template: 'migration-reminder',
      locale: 'it',
      to,
      memberId: rejected,
      data: { givenName: 'Mario' },
    });
    const event = (n: number) =>
      ({
        Records: [
          {
            messageId: `rejected-${n}`,
            receiptHandle: `rh-${n}`,
            body,
            attributes: { ApproximateReceiveCount: '1' },
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:eu-south-1:000000000000:posta-email',
          },
        ],
      }) as unknown as SQSEvent;
    // Delivered twice: the second finds the stored outcome and the failure already counted.
    for (const n of [1, 2]) expect(await handler(event(n), lambdaContext('email-consumer', 30))).toEqual({ batchItemFailures: [] });
    expect((await member(rejected)).deliveryFailure).toEqual({
      kind: 'email-rejected',
      subType: 'MessageRejected',
      at: expect.any(String),
    });
    expect((await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body).toMatchObject({ bounced: 3 });
  }, 60_000);

  it('the reminder sweep skips members with a recorded failure', async () => {
    const reminders = async () =>
      (await sesStore(runtime)).filter(
        (m) => rows.some((r) => m.destination.to.includes(r.oldAddress)) && /promemoria|reminder/i.test(m.subject),
      );
    await runJob(runtime, 'resend-notices', new Date(Date.now() + 8 * 86_400_000).toISOString());
    const got = await eventually(reminders, (list) => list.length >= 1, 30_000);
    await drained(runtime, ['email']);
    // Only the soft-bounced member is still reminded.
    expect(got.map((m) => m.destination.to)).toEqual([[rows[2]?.oldAddress]]);
    expect(await reminders()).toHaveLength(1);
  }, 60_000);
});
