import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEmailTemplateCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startDynamoDb } from '../../local/emulators/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators/local-aws';
import { startSes } from '../../local/emulators/ses';
import { lambdaContext } from '../../local/lambda-context';
import { createTable } from '../../local/provision';
import { freePort } from '../../local/support/ports';
import { QUEUES, TABLES } from '../../shared/catalog';
import { allEmailTemplates, templateName } from '../../shared/i18n/email-templates';
import { logger } from '../../shared/logger';
import { prng } from '../../test/helpers/prng';
import { atLeast, exactly, type Row } from '../report';

/** Emails in the run: the notices of a 5,000-member lot. */
const MESSAGES = Number(process.env.BENCH_PIPELINE_MESSAGES ?? 5_000);
/**
 * The SES sending rate the limiter enforces (messages/s): below what this pipeline reaches on
 * DynamoDB Local with 2 CPUs unthrottled (~65/s), so the quota, not the machine, is the bound.
 */
const RATE = Number(process.env.BENCH_PIPELINE_RATE ?? 50);
/** A run stops here even if messages are still queued (reported as late, not lost). */
const CAP_SECONDS = 180;
const RANDOM_THROTTLE = Number(process.env.BENCH_PIPELINE_THROTTLE ?? 0.1);
/** Back-off base for a message the SDK gave up on: 1 s here instead of 30 s, so the run fits the budget. */
const BACKOFF_BASE_SECONDS = 1;
const email = QUEUES.email;

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'TooManyRequestsException',
    $fault: 'client',
    $metadata: { httpStatusCode: 429 },
  });

/** SES's sending quota as a token bucket (starts empty, holds one second of tokens, refills at `rate`). */
function tokenBucket(rate: number) {
  let tokens = 0;
  let last = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

interface QueuedMessage {
  id: string;
  body: string;
  visibleAt: number;
  receiveCount: number;
}

/** A migration notice on the email queue, as the provision consumer queues it. */
const notice = (memberId: string, to: string) => ({
  key: `notice#${memberId}#1`,
  template: 'migration-notice',
  locale: 'it',
  to,
  memberId,
  data: {
    givenName: 'Maria',
    login: to,
    migrationDate: '31/01/2027',
    webmailUrl: 'https://posta.istruzione.it',
    phoneLast3: '567',
    tempPasswordDays: 7,
    oldAddress: 'maria.rossi@istruzione.it',
    forwardingUntil: '31/07/2027',
    helpdeskEmail: 'help@istruzione.it',
    helpdeskPhone: '+390600000000',
    helpdeskHours: '8–18',
    supportCode: 'ABCD-1234',
  },
});

const toEvent = (batch: QueuedMessage[]) =>
  ({
    Records: batch.map((m) => ({
      messageId: m.id,
      receiptHandle: m.id,
      body: m.body,
      attributes: { ApproximateReceiveCount: String(m.receiveCount) },
      messageAttributes: {},
      eventSource: 'aws:sqs',
    })),
  }) as unknown as SQSEvent;

/**
 * Figure 2: the email stage of a lot launch. `MESSAGES` migration notices go through the real
 * `send-email` handler (Powertools idempotency on DynamoDB Local, the shipped SESv2 client with
 * standard retries, throttle back-off) into aws-ses-v2-local, behind a middleware that plays SES's sending
 * quota: a token bucket at `RATE`/s answering TooManyRequestsException when empty, plus 10% of
 * calls throttled at random. An in-memory queue stands in for SQS: batches of 10, 5 consumers at
 * once (the email queue's `batchSize` and `maxConcurrency`), failed records come back after the
 * delay the handler set (ChangeMessageVisibility) and go to a dead-letter list after
 * `maxReceiveCount` receives. Then the SES store is counted per recipient.
 */
export async function notificationPipelineFigure(workDir: string): Promise<Row[]> {
  const dynamodb = await startDynamoDb({ port: await freePort(), dataDir: null, logFile: join(workDir, 'dynamodb-pipeline.log') });
  const ses = await startSes({ port: await freePort() });
  try {
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const tables = { idempotency: 'bench-idempotency', directory: 'bench-pipeline-directory' };
    await createTable(raw, tables.idempotency, TABLES.idempotency);
    await createTable(raw, tables.directory, TABLES.directory);
    raw.destroy();
    const prefix = 'bench';
    const setup = new SESv2Client({ endpoint: ses.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const template = allEmailTemplates().find((t) => t.name === 'migration-notice' && t.locale === 'it');
    if (!template) throw new Error('no migration-notice template in it');
    await setup.send(
      new CreateEmailTemplateCommand({
        TemplateName: templateName(prefix, 'migration-notice', 'it'),
        TemplateContent: { Subject: template.subject, Text: template.text, Html: template.html },
      }),
    );
    setup.destroy();

    // The handler reads its configuration and builds its clients at import.
    const queueUrl = 'http://127.0.0.1:1/000000000000/bench-email';
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1',
      IDEMPOTENCY_TABLE: tables.idempotency,
      DIRECTORY_TABLE: tables.directory,
      EMAIL_FROM: 'noreply@posta.istruzione.it',
      EMAIL_TEMPLATE_PREFIX: prefix,
      EMAIL_QUEUE_URL: queueUrl,
      RETRY_BACKOFF_BASE_SECONDS: String(BACKOFF_BASE_SECONDS),
      // The profile gives the consumer its SES pace (`emailSendsPerSecond`: 50, the quota played here).
      POSTA_PROFILE: 'it-miur',
      // The consumer derives the support code and email codes at send time (its secrets; any value locally).
      SUPPORT_CODE_KEY: 'bench-support-code-key-of-at-least-32-characters',
      EMAIL_CODE_KEY: 'bench-email-code-key-of-at-least-32-characters',
    });
    logger.setLogLevel('ERROR'); // 5,000 "email processed" lines would bury the table
    const { sesv2 } = await import('../../shared/clients/sesv2');
    const { sqs } = await import('../../shared/clients/sqs');
    // One module instance per consumer, as each Lambda instance has its own: the handler's
    // BatchProcessor holds the batch in progress, so concurrent batches must not share one. (The
    // SDK clients below it are shared modules, so the SES client is shared by the five.)
    const handlers = await Promise.all(
      Array.from(
        { length: email.maxConcurrency },
        async (_, i) =>
          (
            (await import(`../../functions/consumers/send-email.ts?instance=${i}`)) as {
              handler: (e: SQSEvent, c: unknown) => Promise<SQSBatchResponse>;
            }
          ).handler,
      ),
    );

    /** One run's state: the middlewares below read whichever run is current. */
    let current = newRun(RATE);
    function newRun(rate: number) {
      return {
        stats: { sesCalls: 0, randomThrottles: 0, rateThrottles: 0, accepted: 0, backoffs: 0, lastAccept: 0 },
        random: prng(20_270_131),
        bucket: tokenBucket(rate),
        queue: new Map<string, QueuedMessage>(),
        deadLetters: [] as QueuedMessage[],
      };
    }
    sesv2.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'SendEmailCommand') return next(args);
        const { stats } = current;
        stats.sesCalls++;
        if (current.random() < RANDOM_THROTTLE) {
          stats.randomThrottles++;
          throw throttled();
        }
        if (!current.bucket()) {
          stats.rateThrottles++;
          throw throttled();
        }
        const out = await next(args);
        stats.accepted++;
        stats.lastAccept = performance.now();
        return out;
      },
      // After the retry middleware, so every attempt the SDK makes meets the quota.
      { step: 'finalizeRequest', priority: 'low', name: 'sesQuota' },
    );
    // The in-memory queue: what the handler asks of SQS (a longer invisibility) lands here.
    sqs.middlewareStack.add(
      (_next, context) => async (args) => {
        if (context.commandName !== 'ChangeMessageVisibilityCommand') throw new Error(`unexpected ${context.commandName}`);
        const input = args.input as { ReceiptHandle: string; VisibilityTimeout: number };
        const message = current.queue.get(input.ReceiptHandle);
        if (message) message.visibleAt = performance.now() + input.VisibilityTimeout * 1000;
        current.stats.backoffs++;
        return { output: { $metadata: {} }, response: {} } as never;
      },
      { step: 'initialize', name: 'inMemoryQueue' },
    );

    const runOnce = async (name: string, messages: number) => {
      current = newRun(RATE);
      const { stats, queue, deadLetters } = current;
      const recipients = Array.from({ length: messages }, (_, i) => `${name}-${i}@example.org`);
      for (const [i, to] of recipients.entries()) {
        const id = `${name}-${i}`;
        queue.set(id, { id, visibleAt: 0, receiveCount: 0, body: JSON.stringify(notice(`m-${name}-${i}`, to)) });
      }

      /** Like SQS: up to `batchSize` visible messages, hidden for the queue's visibility timeout while processed. */
      const receive = () => {
        const now = performance.now();
        const batch: QueuedMessage[] = [];
        for (const m of queue.values()) {
          if (m.visibleAt > now) continue;
          m.receiveCount++;
          m.visibleAt = now + email.visibilityTimeoutSeconds * 1000;
          batch.push(m);
          if (batch.length === email.batchSize) break;
        }
        return batch;
      };
      const started = performance.now();
      await Promise.all(
        handlers.map(async (handler) => {
          while (queue.size > 0 && performance.now() - started < CAP_SECONDS * 1000) {
            const batch = receive();
            if (batch.length === 0) {
              await new Promise((r) => setTimeout(r, 100));
              continue;
            }
            const out = await handler(toEvent(batch), lambdaContext('email-consumer', email.timeoutSeconds)).catch(() => ({
              batchItemFailures: batch.map((m) => ({ itemIdentifier: m.id })),
            }));
            const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
            for (const m of batch) {
              if (!failed.has(m.id)) queue.delete(m.id);
              else if (m.receiveCount >= email.maxReceiveCount) {
                queue.delete(m.id);
                deadLetters.push(m);
              }
            }
          }
        }),
      );
      const seconds = (stats.lastAccept - started) / 1000;

      const store = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: Array<{ destination: { to: string[] } }> }).emails;
      const perRecipient = new Map(recipients.map((r) => [r, 0]));
      for (const m of store)
        for (const to of m.destination.to) if (perRecipient.has(to)) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const counts = [...perRecipient.values()];
      // Lost: gone for good (dead-lettered, or acknowledged without an email); a message still
      // queued when the cap ends the run is not lost, only late — counted apart.
      const late = new Set([...queue.values()].map((m) => m.id));
      const lost = recipients.filter((to, i) => perRecipient.get(to) === 0 && !late.has(`${name}-${i}`)).length;
      const duplicates = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      const achieved = stats.accepted / seconds;
      const what = 'SESv2 client as shipped (standard retries)';
      const detail = `${stats.sesCalls} SES calls, ${stats.rateThrottles} over R, ${stats.randomThrottles} random throttles, ${stats.backoffs} queue back-offs, ${deadLetters.length} dead-lettered, ${late.size} still queued at the ${CAP_SECONDS} s cap`;
      return [
        atLeast(
          'email',
          `${what}, ${messages} notices, R = ${RATE}/s + 10% throttled: achieved / R (${stats.accepted} in ${seconds.toFixed(0)} s = ${achieved.toFixed(1)}/s)`,
          achieved / RATE,
          '×',
          0.95,
        ),
        exactly('email', `${what}: lost (${detail})`, lost, 'recipients', 0),
        exactly('email', `${what}: duplicates (a second email to one recipient)`, duplicates, 'emails', 0),
      ];
    };

    // Awaited here, so the emulators in `finally` stop only after the run.
    return await runOnce('shipped', MESSAGES);
  } finally {
    await ses.stop();
    await dynamodb.stop();
  }
}
