import { describe, expect, it } from 'vitest';
import { takeNextPending } from '../../shared/lots/take-next-pending';
import { POOL_SHARDS, type PoolEntry, poolKeys, poolShard } from '../../shared/members/member-pool';

/** A pool of `size` members created one second apart (member i is the i-th oldest), spread over the shards. */
function poolWorld(size: number) {
  const members = Array.from({ length: size }, (_, i) => ({
    memberId: `m-${(i * 7919).toString(16).padStart(24, '0')}`,
    createdAt: new Date(Date.UTC(2027, 0, 1, 0, 0, i)).toISOString(),
  }));
  const lotOf = new Map<string, string>();
  const pages: Array<{ shard: number; after: string | null; limit: number }> = [];
  const store = {
    async poolPage(shard: number, after: string | null, limit: number) {
      pages.push({ shard, after, limit });
      const all: PoolEntry[] = members
        .filter((m) => poolShard(m.memberId) === shard && !lotOf.has(m.memberId))
        .map((m) => ({ memberId: m.memberId, poolSk: poolKeys(m).gsi2sk }))
        .filter((e) => after === null || e.poolSk > after)
        .sort((a, b) => a.poolSk.localeCompare(b.poolSk));
      return { entries: all.slice(0, limit), more: all.length > limit };
    },
    async assignToLot(memberId: string, lotId: string) {
      if (lotOf.has(memberId)) return false;
      lotOf.set(memberId, lotId);
      return true;
    },
  };
  const inLot = (lotId: string) => members.filter((m) => lotOf.get(m.memberId) === lotId).map((m) => m.memberId);
  return { members, store, lotOf, pages, inLot };
}

describe('takeNextPending', () => {
  it('the pool spans several shards', () => {
    const w = poolWorld(100);
    expect(new Set(w.members.map((m) => poolShard(m.memberId))).size).toBe(POOL_SHARDS);
  });

  it('takes exactly the N oldest across shards, merging them in age order', async () => {
    const w = poolWorld(100);
    const order: string[] = [];
    const assign = w.store.assignToLot;
    w.store.assignToLot = async (id, lot) => {
      order.push(id);
      return assign(id, lot);
    };
    expect(await takeNextPending('A', 30, w.store)).toBe(30);
    const oldest30 = w.members.slice(0, 30).map((m) => m.memberId);
    expect(w.inLot('A')).toEqual(oldest30);
    expect(order).toEqual(oldest30);
  });

  it('reads further pages of a shard when a small page runs out', async () => {
    const w = poolWorld(100);
    expect(await takeNextPending('A', 60, w.store, 3)).toBe(60);
    expect(w.inLot('A')).toEqual(w.members.slice(0, 60).map((m) => m.memberId));
    expect(w.pages.some((p) => p.after !== null)).toBe(true);
  });

  it('a second lot takes the next N, after the first', async () => {
    const w = poolWorld(50);
    await takeNextPending('A', 10, w.store);
    expect(await takeNextPending('B', 10, w.store)).toBe(10);
    expect(w.inLot('B')).toEqual(w.members.slice(10, 20).map((m) => m.memberId));
  });

  it('skips members a concurrent lot took after the pool was read, and takes the next ones instead', async () => {
    const w = poolWorld(40);
    const poolPage = w.store.poolPage;
    // The index still shows the 5 oldest, but another lot got them first.
    w.store.poolPage = async (shard, after, limit) => {
      const page = await poolPage(shard, after, limit);
      for (const m of w.members.slice(0, 5)) w.lotOf.set(m.memberId, 'other');
      return page;
    };
    expect(await takeNextPending('A', 10, w.store)).toBe(10);
    expect(w.inLot('A')).toEqual(w.members.slice(5, 15).map((m) => m.memberId));
  });

  it('takes what there is when the pool is smaller than N', async () => {
    const w = poolWorld(7);
    expect(await takeNextPending('A', 20, w.store)).toBe(7);
    expect(await takeNextPending('B', 20, w.store)).toBe(0);
  });
});
