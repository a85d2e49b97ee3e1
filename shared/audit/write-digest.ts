import {
  type AuditDigest,
  coveredDays,
  DIGEST_FORMAT,
  type DigestedPartition,
  daysBetween,
  digestDayPrefix,
  digestKey,
  lastDigested,
  parseDigest,
  serializeDigest,
  sha256,
  signedBytes,
  type UnsignedDigest,
} from './audit-digest';
import type { AuditPartitions } from './audit-partitions';
import type { DigestSigner, DigestStore } from './digest-adapters';

/** The first digest, and one after a pause, look back this many days of partitions at most. */
export const MAX_DIGEST_DAYS = 31;

export interface DigestWriterDeps {
  store: DigestStore;
  signer: DigestSigner;
  partitions: AuditPartitions;
  profile: string;
}

export type DigestOutcome =
  | { written: string; partitions: number; shrunk: string[] }
  | { skipped: 'a digest at or after this instant exists'; latest: string };

/** The newest digest: the last key of the last day folder. */
export async function latestDigest(store: DigestStore, profile: string): Promise<{ key: string; text: string } | null> {
  const days = await store.folders(`${profile}/`);
  for (let i = days.length - 1; i >= 0; i--) {
    const keys = await store.list(days[i] as string);
    const key = keys[keys.length - 1];
    if (key) return { key, text: (await store.get(key)) ?? '' };
  }
  return null;
}

/** Every digest filed under the days from `from` to `to` (by `digestEnd`), oldest first, with its key. */
export async function digestsOfDays(store: DigestStore, profile: string, from: string, to: string) {
  const found: Array<{ key: string; text: string | null; digest: AuditDigest | null }> = [];
  for (const day of daysBetween(from, to)) {
    for (const key of await store.list(digestDayPrefix(profile, day))) {
      const text = await store.get(key);
      found.push({ key, text, digest: text === null ? null : parseDigest(text) });
    }
  }
  return found;
}

/**
 * One digest "as of" `now`: the tail of every partition of the covered days that moved since the
 * digests before it, the previous digest's key and SHA-256, signed, written once. Digests are
 * written even when nothing moved, so the chain of digests has no holes to explain. A partition
 * whose tail is now *behind* a digested one is not signed again (that would sign the deletion);
 * it is returned in `shrunk` and the verifiers report it. Runs are monotonic: a digest is never
 * written before the latest one (`npm run job -- audit-digest --at` an earlier instant does nothing).
 */
export async function writeAuditDigest(deps: DigestWriterDeps, now: Date): Promise<DigestOutcome> {
  const latest = await latestDigest(deps.store, deps.profile);
  const previous = latest ? parseDigest(latest.text) : null;
  if (latest && previous && previous.digestEnd >= now.toISOString())
    return { skipped: 'a digest at or after this instant exists', latest: latest.key };

  const covered = coveredDays(previous?.digestEnd ?? null, now, MAX_DIGEST_DAYS);
  const before = await digestsOfDays(deps.store, deps.profile, covered.from, covered.to);
  const known = lastDigested(before.flatMap((d) => (d.digest ? [d.digest] : [])));

  const moved: DigestedPartition[] = [];
  const shrunk: string[] = [];
  for (const day of daysBetween(covered.from, covered.to)) {
    for (const partition of await deps.partitions.registered(day)) {
      const tail = await deps.partitions.tail(partition);
      const last = known.get(partition);
      if (last && (!tail || tail.seq < last.seq)) shrunk.push(partition);
      else if (tail && (!last || last.seq !== tail.seq || last.hash !== tail.hash)) moved.push({ partition, ...tail });
    }
  }
  moved.sort((a, b) => (a.partition < b.partition ? -1 : a.partition > b.partition ? 1 : 0));

  const unsigned: UnsignedDigest = {
    format: DIGEST_FORMAT,
    profile: deps.profile,
    digestStart: previous?.digestEnd ?? null,
    digestEnd: now.toISOString(),
    coveredDays: covered,
    previousDigest: latest ? { key: latest.key, sha256: sha256(latest.text) } : null,
    partitions: moved,
    signingKey: deps.signer.keyId,
    signatureAlgorithm: 'ECDSA_SHA_256',
  };
  const digest: AuditDigest = { ...unsigned, signature: (await deps.signer.sign(signedBytes(unsigned))).toString('base64') };
  const key = digestKey(deps.profile, digest.digestEnd);
  await deps.store.putOnce(key, serializeDigest(digest));
  return { written: key, partitions: moved.length, shrunk };
}
