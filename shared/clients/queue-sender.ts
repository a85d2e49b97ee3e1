import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { asOfAttributes } from '../as-of-clock';
import type { Clock } from '../clock';

/**
 * The producer side of a queue: one JSON message per call, optionally delayed (≤ 900 s). Given the
 * producer's clock (a job run "as of" an instant, or a consumer running by one), each message
 * carries its "now" for the consumers (`shared/as-of-clock.ts`).
 */
export function jsonQueueSender<T>(sqs: SQSClient, queueUrl: string, clock?: Clock) {
  return async (message: T, delaySeconds?: number) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        ...(delaySeconds && { DelaySeconds: delaySeconds }),
        ...(clock && { MessageAttributes: asOfAttributes(clock) }),
      }),
    );
  };
}
