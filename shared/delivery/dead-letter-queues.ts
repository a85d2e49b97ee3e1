import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { QueueId } from '../catalog';
import { logger } from '../logger';
import type { DeadLetterQueues, MoveOutcome, RedriveLimits } from './dead-letters';

export interface QueuePair {
  url: string;
  dlqUrl: string;
}

/**
 * fauxqs (the local SQS) has no message move tasks and answers `InvalidAction: Unknown action:
 * <Action>` (README, emulator gaps). SQS knows these actions, so only the emulator ever says this.
 */
const isEmulatorGap = (error: unknown, action: string) =>
  (error as Error).name === 'InvalidAction' && (error as Error).message?.includes(action);

/**
 * Each queue's dead-letter queue, through SQS. In the cloud a redrive is SQS's own
 * `StartMessageMoveTask` (the DLQ back to its source queue, rate-limited by SQS). Where the API has
 * no move tasks (the local emulator) the same messages are received from the DLQ, sent to the
 * queue and deleted from the DLQ, at most `maxPerRun` per run — same SDK, same queues.
 */
export function sqsDeadLetterQueues(sqs: SQSClient, queues: Partial<Record<QueueId, QueuePair>>): DeadLetterQueues {
  const pair = (queue: QueueId) => {
    const found = queues[queue];
    if (!found) throw new Error(`no queue URLs for ${queue}`);
    return found;
  };
  const arns = new Map<string, string>();
  async function arnOf(url: string) {
    const known = arns.get(url);
    if (known) return known;
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    const arn = out.Attributes?.QueueArn;
    if (!arn) throw new Error(`SQS gave no ARN for ${url}`);
    arns.set(url, arn);
    return arn;
  }

  async function resend(queue: QueueId, limits: RedriveLimits): Promise<MoveOutcome> {
    const { url, dlqUrl } = pair(queue);
    let moved = 0;
    while (moved < limits.maxPerRun) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: Math.min(10, limits.maxPerRun - moved),
          VisibilityTimeout: 60,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) break;
      // Sent before deleted: a crash in between leaves a copy in both, never in neither
      // (the consumers are idempotent).
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '', MessageAttributes: m.MessageAttributes })),
        }),
      );
      const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
      const done = Messages.filter((_, i) => ok.has(String(i)));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: dlqUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
      moved += done.length;
      if (done.length < Messages.length) break; // the rest come back to the DLQ's head next run
    }
    return { mode: 'resent', moved };
  }

  return {
    async depth(queue) {
      const out = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: pair(queue).dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
    async moving(queue) {
      try {
        const out = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: await arnOf(pair(queue).dlqUrl), MaxResults: 1 }));
        return out.Results?.[0]?.Status === 'RUNNING';
      } catch (error) {
        if (isEmulatorGap(error, 'ListMessageMoveTasks')) return false;
        throw error;
      }
    },
    async moveBack(queue, limits) {
      const { url, dlqUrl } = pair(queue);
      try {
        const out = await sqs.send(
          new StartMessageMoveTaskCommand({
            SourceArn: await arnOf(dlqUrl),
            DestinationArn: await arnOf(url),
            MaxNumberOfMessagesPerSecond: limits.perSecond,
          }),
        );
        return { mode: 'move-task', taskHandle: out.TaskHandle ?? 'unknown' };
      } catch (error) {
        if (!isEmulatorGap(error, 'StartMessageMoveTask')) throw error;
        logger.warn('this SQS has no message move tasks (the local emulator): receiving and resending instead', { queue });
        return resend(queue, limits);
      }
    },
  };
}
