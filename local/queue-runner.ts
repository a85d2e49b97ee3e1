import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueDef } from '../shared/catalog';
import { sqs as consumerSqs } from '../shared/clients/sqs';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handler';

function toEvent(queueArn: string, messages: Message[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      // As the event source mapping hands them over (the "as of" clock travels in one).
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [
          name,
          { dataType: a.DataType ?? 'String', stringValue: a.StringValue, stringListValues: [], binaryListValues: [] },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'eu-south-1',
    })),
  } as SQSEvent;
}

/**
 * Receipt handles whose visibility a consumer changed itself (the throttling back-off): the
 * consumers run in this process on the shared SQS client, so a middleware on it sees those calls.
 */
const changedByConsumer = new Set<string>();
let watching = false;
function watchConsumerVisibility() {
  if (watching) return;
  watching = true;
  consumerSqs.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReceiptHandle?: string };
      if (context.commandName === 'ChangeMessageVisibilityCommand' && input.ReceiptHandle) changedByConsumer.add(input.ReceiptHandle);
      return next(args);
    },
    { step: 'initialize', name: 'localRunnerWatchesVisibility' },
  );
}

/**
 * Plays Lambda's SQS event source mapping: long-polls the queue, hands batches to the consumer,
 * deletes what succeeded and leaves the reported failures (or the whole batch, if the consumer
 * threw) to come back. Failures come back after a short back-off (1 s per attempt, at most 5 s)
 * rather than the full visibility timeout, so local retries take seconds; the DLQ still receives a message after
 * `maxReceiveCount` attempts, as in the cloud. A visibility the consumer set itself (its
 * throttling back-off) is honoured as SQS would, not shortened.
 */
export function startQueueRunner(opts: { sqs: SQSClient; def: QueueDef; queueUrl: string; onError?: (e: unknown) => void }) {
  let running = true;
  watchConsumerVisibility();
  const queueArn = `arn:aws:sqs:eu-south-1:000000000000:posta-${opts.def.id}`;

  async function handleBatch(messages: Message[], worker: number) {
    const handler = await loadHandler(opts.def.consumer, worker);
    let failed = new Set(messages.map((m) => m.MessageId));
    try {
      const result = (await handler(toEvent(queueArn, messages), lambdaContext(`${opts.def.id}-consumer`, opts.def.timeoutSeconds))) as
        | SQSBatchResponse
        | undefined;
      failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      opts.onError?.(error);
    }
    const done = messages.filter((m) => !failed.has(m.MessageId));
    for (const m of done) if (m.ReceiptHandle) changedByConsumer.delete(m.ReceiptHandle);
    if (done.length > 0) {
      await opts.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: opts.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    for (const m of messages.filter((x) => failed.has(x.MessageId))) {
      if (m.ReceiptHandle && changedByConsumer.delete(m.ReceiptHandle)) continue;
      const attempt = Number(m.Attributes?.ApproximateReceiveCount ?? 1);
      await opts.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: opts.queueUrl,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: Math.min(attempt, 5),
        }),
      );
    }
  }

  async function poll(worker: number) {
    while (running) {
      try {
        const { Messages } = await opts.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: opts.def.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages && Messages.length > 0) await handleBatch(Messages, worker);
      } catch (error) {
        if (running) {
          opts.onError?.(error);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  }

  // Up to maxConcurrency batches at once, as the event source mapping allows in the cloud; each
  // poller is its own "execution environment" (own module instance), as concurrent Lambdas are.
  const pollers = Array.from({ length: opts.def.maxConcurrency }, (_, worker) => poll(worker));
  return {
    async stop() {
      running = false;
      await Promise.allSettled(pollers);
    },
  };
}

/**
 * A stack starting again after its process died (killed, crashed) finds the messages that
 * process had received still in flight, invisible until their visibility timeout (minutes). No
 * handler runs for them any more, so they are made visible at once: what Lambda does after the
 * visibility timeout, without the wait. Reads the emulator's own view of each queue (fauxqs'
 * inspection endpoint, local only). Returns how many were released.
 */
export async function releaseOrphanedMessages(sqs: SQSClient, endpoint: string, queueUrls: string[]): Promise<number> {
  let released = 0;
  for (const queueUrl of queueUrls) {
    const name = new URL(queueUrl).pathname.split('/').at(-1);
    const res = await fetch(`${endpoint}/_fauxqs/queues/${name}`);
    if (!res.ok) continue;
    const { messages } = (await res.json()) as { messages?: { inflight?: Array<{ receiptHandle: string }> } };
    for (const { receiptHandle } of messages?.inflight ?? []) {
      try {
        // 1, not 0: fauxqs with a data folder fails a change to 0 (README, emulator gaps).
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: 1 }));
        released++;
      } catch {
        // Visible again already (its timeout ran out meanwhile): nothing to release.
      }
    }
  }
  return released;
}
