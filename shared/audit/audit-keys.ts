/**
 * How the audit table names things, with no I/O: partitions (institution × UTC day × shard),
 * sequence sort keys, and the day registry the digest job finds partitions through.
 */

/**
 * Chains per institution, day and shard. Shards let concurrent writers (an import applies rows in
 * parallel) append without queueing behind one tail; `audit:verify` walks every shard of a day.
 */
export const AUDIT_SHARDS = 8;
export const auditPartition = (institution: string, day: string, shard: number) => `AUDIT#${institution}#${day}#${shard}`;
export const seqKey = (seq: number) => String(seq).padStart(12, '0');

/**
 * The partitions of a day, as the digest job finds them without a scan: one item per partition
 * (`AUDIT_PARTITIONS#<day>` / `<institution>#<shard>`), written when its first record is.
 * It is a hint, not evidence: the signed digests list what was there.
 */
export const partitionRegistry = (day: string) => `AUDIT_PARTITIONS#${day}`;
export const registryEntry = (institution: string, shard: number) => `${institution}#${shard}`;

/** `AUDIT#<institution>#<day>#<shard>` → its parts (null for anything else). */
export function parsePartition(pk: string): { institution: string; day: string; shard: number } | null {
  const m = /^AUDIT#(.+)#(\d{4}-\d{2}-\d{2})#(\d+)$/.exec(pk);
  return m ? { institution: m[1] as string, day: m[2] as string, shard: Number(m[3]) } : null;
}
