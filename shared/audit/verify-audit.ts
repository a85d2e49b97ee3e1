import { type ChainBreak, verifyChain } from './audit-chain';
import {
  type AuditDigest,
  checkSignature,
  type DigestedPartition,
  type DigestProblem,
  digestDayPrefix,
  parseDigest,
  sha256,
  type TrustedKey,
} from './audit-digest';
import { AUDIT_SHARDS, auditPartition, parsePartition, seqKey } from './audit-keys';
import type { AuditPartitions } from './audit-partitions';
import type { ChainKey } from './chain-key';
import type { DigestStore } from './digest-adapters';

export interface PartitionReport {
  partition: string;
  records: number;
  /** Records written before the keyed chain (unkeyed SHA-256): protected by the digests only. */
  unkeyed: number;
  /** The highest sequence number a signed digest holds for this partition (null: none yet). */
  digestedSeq: number | null;
  firstBreak: ChainBreak | null;
}

export interface DigestReport {
  /** Digests read and checked (signature, link to the previous one). */
  checked: number;
  problems: DigestProblem[];
}

export interface AuditCheck {
  partitions: PartitionReport[];
  digests: DigestReport;
}

export interface VerifyAuditDeps {
  partitions: AuditPartitions;
  store: DigestStore;
  trustedKey: () => Promise<TrustedKey>;
  chainKey: ChainKey;
  profile: string;
}

/**
 * The digests that may hold partitions of the days `from`…`to`: from the folder of `from` on,
 * until a digest covers only later days (a digest looks back one day before its predecessor, so
 * normally the digests of the day and the next). Each is checked — signed by the trusted key,
 * naming the digest before it by key and SHA-256 — and only intact ones are believed.
 */
async function walkDigests(deps: VerifyAuditDeps, from: string, to: string) {
  const trusted = await deps.trustedKey();
  const problems: DigestProblem[] = [];
  const believed: AuditDigest[] = [];
  const folders = (await deps.store.folders(`${deps.profile}/`)).filter((f) => f >= digestDayPrefix(deps.profile, from));
  let checked = 0;
  let before: { key: string; text: string } | null = null;
  walk: for (const folder of folders) {
    for (const key of await deps.store.list(folder)) {
      const text = await deps.store.get(key);
      const digest = text === null ? null : parseDigest(text);
      checked++;
      if (!digest || text === null) {
        problems.push({ key, problem: 'unreadable' });
        continue;
      }
      const bad = checkSignature(key, digest, trusted);
      if (bad) problems.push(bad);
      const link = digest.previousDigest;
      if (link) {
        const previousText = before?.key === link.key ? before.text : await deps.store.get(link.key);
        if (previousText === null) problems.push({ key, problem: 'previous-missing' });
        else if (sha256(previousText) !== link.sha256) problems.push({ key, problem: 'chain-broken' });
      }
      if (before && link?.key !== before.key) problems.push({ key, problem: 'chain-broken' });
      if (!bad) believed.push(digest);
      before = { key, text };
      if (digest.coveredDays.from > to) break walk;
    }
  }
  return { believed, report: { checked, problems } satisfies DigestReport };
}

/** Every tail the believed digests signed, per partition. */
function signedTails(digests: AuditDigest[]): Map<string, DigestedPartition[]> {
  const tails = new Map<string, DigestedPartition[]>();
  for (const d of digests) for (const p of d.partitions) tails.set(p.partition, [...(tails.get(p.partition) ?? []), p]);
  return tails;
}

/**
 * One partition: its chain (MACs, links, sequence) and every tail a digest signed for it — each
 * must still be there with the same MAC. A tail shorter than a signed one is a deleted tail; no
 * record at all, a deleted partition; another MAC at a signed position, a re-linked chain.
 */
async function verifyPartition(deps: VerifyAuditDeps, partition: string, signed: DigestedPartition[]): Promise<PartitionReport> {
  const records = (await deps.partitions.records(partition)).sort((a, b) => a.seq - b.seq);
  const chain = verifyChain(records, await deps.chainKey());
  const digestedSeq = signed.length ? Math.max(...signed.map((s) => s.seq)) : null;
  const report = { partition, records: records.length, unkeyed: chain.unkeyed, digestedSeq, firstBreak: chain.firstBreak };
  if (chain.firstBreak) return report;
  const last = records[records.length - 1];
  for (const tail of [...signed].sort((a, b) => a.seq - b.seq)) {
    if (!last) return { ...report, firstBreak: { seq: 1, sk: seqKey(1), reason: 'partition-deleted' } };
    if (last.seq < tail.seq) return { ...report, firstBreak: { seq: last.seq + 1, sk: seqKey(last.seq + 1), reason: 'tail-deleted' } };
    const record = records[tail.seq - 1];
    if (record?.hash !== tail.hash) return { ...report, firstBreak: { seq: tail.seq, sk: seqKey(tail.seq), reason: 'rewritten' } };
  }
  return report;
}

/** Checks every shard of one institution's day: chains, MACs, and the signed digests. Never a scan. */
export async function verifyAuditDay(deps: VerifyAuditDeps, institution: string, day: string): Promise<AuditCheck> {
  const { believed, report } = await walkDigests(deps, day, day);
  const tails = signedTails(believed);
  const partitions: PartitionReport[] = [];
  for (let shard = 0; shard < AUDIT_SHARDS; shard++) {
    const partition = auditPartition(institution, day, shard);
    partitions.push(await verifyPartition(deps, partition, tails.get(partition) ?? []));
  }
  return { partitions, digests: report };
}

/**
 * Checks every partition of the days `from`…`to`, of every institution: those the digests
 * signed (so a partition deleted whole, registration included, is still found) and those
 * registered but not digested yet.
 */
export async function verifyAuditDays(deps: VerifyAuditDeps, days: string[]): Promise<AuditCheck> {
  const from = days[0];
  const to = days[days.length - 1];
  if (!from || !to) return { partitions: [], digests: { checked: 0, problems: [] } };
  const { believed, report } = await walkDigests(deps, from, to);
  const tails = signedTails(believed);
  const inRange = (pk: string) => {
    const parsed = parsePartition(pk);
    return parsed !== null && parsed.day >= from && parsed.day <= to;
  };
  const all = new Set([...tails.keys()].filter(inRange));
  for (const day of days) for (const pk of await deps.partitions.registered(day)) all.add(pk);
  const partitions: PartitionReport[] = [];
  for (const partition of [...all].sort()) partitions.push(await verifyPartition(deps, partition, tails.get(partition) ?? []));
  return { partitions, digests: report };
}
