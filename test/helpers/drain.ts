import type { Runtime } from '../../local/stack';
import type { QueueId } from '../../shared/catalog';

/** One queue as fauxqs reports it (`GET /_fauxqs/queues`): a consistent snapshot of every queue at once. */
interface FauxqsQueue {
  name: string;
  approximateMessageCount: number;
  approximateInflightCount: number;
  approximateDelayedCount: number;
}

const nameOf = (url: string) => new URL(url).pathname.split('/').at(-1) ?? url;

/** Every queue of the stack with what it holds: ready, in flight (received, not yet deleted), delayed. */
export async function queueDepths(runtime: Runtime): Promise<Record<string, { ready: number; inFlight: number; delayed: number }>> {
  const res = await fetch(`${runtime.urls.sqs}/_fauxqs/queues`);
  if (!res.ok) throw new Error(`fauxqs inspection answered ${res.status}`);
  const list = (await res.json()) as FauxqsQueue[];
  return Object.fromEntries(
    list.map((q) => [
      q.name,
      { ready: q.approximateMessageCount, inFlight: q.approximateInflightCount, delayed: q.approximateDelayedCount },
    ]),
  );
}

/**
 * The drain barrier: resolves once the named queues (all of the stack's, by default) hold no
 * message at all — none ready, none delayed, none in flight — in one snapshot of the emulator.
 * A consumer deletes its message only after its work (and anything it enqueued) is done, so an
 * empty, idle queue means every effect of what was queued has happened: a test that then sees
 * one SMS knows a second is not still on its way. Returns what the dead-letter queues hold.
 * Throws with the last snapshot if the queues are still busy after `timeoutMs`.
 */
export async function drained(
  runtime: Runtime,
  ids: QueueId[] = Object.keys(runtime.resources.queues) as QueueId[],
  timeoutMs = 120_000,
): Promise<{ deadLetters: Partial<Record<QueueId, number>> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const depths = await queueDepths(runtime);
    const busy = ids.filter((id) => {
      const d = depths[nameOf(runtime.resources.queues[id].url)];
      return d !== undefined && d.ready + d.inFlight + d.delayed > 0;
    });
    if (busy.length === 0) {
      const deadLetters: Partial<Record<QueueId, number>> = {};
      for (const id of ids) {
        const d = depths[nameOf(runtime.resources.queues[id].dlqUrl)];
        deadLetters[id] = d ? d.ready + d.inFlight + d.delayed : 0;
      }
      return { deadLetters };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `queues still busy after ${timeoutMs / 1000} s: ${JSON.stringify(Object.fromEntries(busy.map((id) => [id, depths[nameOf(runtime.resources.queues[id].url)]])))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
