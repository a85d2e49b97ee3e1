import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** The producer side of a queue: one JSON message per call, optionally delayed (≤ 900 s). */
export function jsonQueueSender<T>(sqs: SQSClient, queueUrl: string) {
  return async (message: T, delaySeconds?: number) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        ...(delaySeconds && { DelaySeconds: delaySeconds }),
      }),
    );
  };
}
