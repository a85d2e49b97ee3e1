import { createHash } from 'node:crypto';
import type { Member } from './member';

/**
 * Pending members in no lot form the *pool*, kept in gsi2 under `POOL#<shard>` sorted by
 * `<createdAt>#<memberId>` (oldest first). gsi2 also holds lot membership (`LOT#<lotId>`), so a
 * member is in the pool or in a lot, never both. Sharded so that a large import does not write
 * one hot index partition.
 */
export const POOL_SHARDS = 8;

export const poolShard = (memberId: string) => (createHash('sha256').update(memberId).digest()[1] ?? 0) % POOL_SHARDS;

export const poolKeys = (member: Pick<Member, 'memberId' | 'createdAt'>) => ({
  gsi2pk: `POOL#${poolShard(member.memberId)}`,
  gsi2sk: `${member.createdAt}#${member.memberId}`,
});

/** One pool entry: `poolSk` (the gsi2 sort key) is its place in the oldest-first order. */
export interface PoolEntry {
  memberId: string;
  poolSk: string;
}
