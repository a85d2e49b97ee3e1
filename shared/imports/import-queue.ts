import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ChunkMessage } from './process-import-chunk';

/** Producer side of the import queue: one message per chunk. */
export function importChunkSender(sqs: SQSClient, queueUrl: string) {
  return async (message: ChunkMessage) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
  };
}
