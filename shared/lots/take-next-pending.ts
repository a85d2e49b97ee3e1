import { POOL_SHARDS, type PoolEntry } from '../members/member-pool';
import type { MemberStore } from '../members/member-store';

interface ShardCursor {
  shard: number;
  buffer: PoolEntry[];
  after: string | null;
  more: boolean;
}

/**
 * Puts the `count` oldest members of the pool (pending, in no lot) into a lot: the pool shards
 * are read page by page, oldest first, and merged, so the oldest entry of any shard goes next.
 * Each assignment is still conditional, so a member a concurrent lot took (or that the
 * eventually consistent index still shows) is skipped and the next one is taken instead.
 * Returns how many were assigned (fewer than `count` when the pool runs dry).
 */
export async function takeNextPending(
  lotId: string,
  count: number,
  members: Pick<MemberStore, 'poolPage' | 'assignToLot'>,
  pageSize = Math.min(Math.ceil(count / POOL_SHARDS) + 20, 500),
): Promise<number> {
  const shards: ShardCursor[] = Array.from({ length: POOL_SHARDS }, (_, shard) => ({ shard, buffer: [], after: null, more: true }));
  const refill = async (s: ShardCursor) => {
    if (s.buffer.length > 0 || !s.more) return;
    const page = await members.poolPage(s.shard, s.after, pageSize);
    s.buffer = page.entries;
    s.after = page.entries.at(-1)?.poolSk ?? s.after;
    s.more = page.more && page.entries.length > 0;
  };
  await Promise.all(shards.map(refill));
  let assigned = 0;
  while (assigned < count) {
    let oldest: ShardCursor | undefined;
    for (const s of shards) {
      const head = s.buffer[0];
      if (head && (!oldest || head.poolSk < (oldest.buffer[0] as PoolEntry).poolSk)) oldest = s;
    }
    if (!oldest) break;
    const next = oldest.buffer.shift() as PoolEntry;
    if (await members.assignToLot(next.memberId, lotId)) assigned++;
    await refill(oldest);
  }
  return assigned;
}
