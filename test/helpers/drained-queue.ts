import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import type { Runtime } from '../../local/stack';
import type { QueueId } from '../../shared/catalog';
import { eventually, localClients } from './local-clients';

/**
 * Waits until a queue holds nothing, visible or in flight: whatever was queued has been handled
 * (sent, or dropped as a repeat of its business key). How a test proves "nothing more is coming"
 * without sleeping: integration files run one at a time, so nothing else fills the queue.
 */
export async function queueDrained(runtime: Runtime, queue: QueueId, timeoutMs = 30_000): Promise<void> {
  const { sqs } = localClients(runtime);
  const depth = async () => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queues[queue].url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const a = out.Attributes ?? {};
    return (
      Number(a.ApproximateNumberOfMessages ?? 0) +
      Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };
  expect(await eventually(depth, (n) => n === 0, timeoutMs), `${queue} queue drained`).toBe(0);
}
