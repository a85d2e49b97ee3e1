import { createHash, type KeyObject, verify as verifySignature } from 'node:crypto';
import { addDay, dayOf } from '../clock';
import { canonical } from './audit-chain';

/**
 * Signed digests of the audit trail, as CloudTrail's digest files are: on a schedule, the tail
 * (sequence number and MAC) of every partition that grew since the last digest, the previous
 * digest's name and SHA-256, signed with a key the audit writers cannot use, written once to
 * storage nobody can overwrite or delete (S3 Object Lock; a folder locally). A record changed or
 * re-linked, a tail or a partition deleted after a digest signed it, no longer matches.
 *
 * This module has no I/O: the digest format, its canonical bytes, naming, and the checks.
 */
export const DIGEST_FORMAT = 'posta-audit-digest/1';

/** The tail of one partition when the digest was made. */
export interface DigestedPartition {
  partition: string;
  seq: number;
  hash: string;
}

export interface AuditDigest {
  format: typeof DIGEST_FORMAT;
  profile: string;
  /** The previous digest's `digestEnd` (null for the first digest). */
  digestStart: string | null;
  /** The instant the digest was made "as of" (the schedule's time). */
  digestEnd: string;
  /** Partition days this digest looked at: the day before the previous digest's through its own. */
  coveredDays: { from: string; to: string };
  previousDigest: { key: string; sha256: string } | null;
  /** Partitions whose tail moved since the digests before, sorted by partition. */
  partitions: DigestedPartition[];
  /** Which key signed: a KMS key ARN in the cloud, `local:<fingerprint>` on a laptop. */
  signingKey: string;
  signatureAlgorithm: 'ECDSA_SHA_256';
  /** Base64 DER ECDSA signature over the canonical JSON of every other field. */
  signature: string;
}

export type UnsignedDigest = Omit<AuditDigest, 'signature'>;

/** What is signed: the canonical JSON of the digest without its signature. */
export function signedBytes(digest: UnsignedDigest | AuditDigest): Buffer {
  const { signature: _s, ...content } = digest as AuditDigest;
  return Buffer.from(canonical(content), 'utf8');
}

/** A digest as stored: canonical JSON, so its SHA-256 is reproducible. */
export const serializeDigest = (digest: AuditDigest) => canonical(digest);
export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDay(d, 1)) days.push(d);
  return days;
}

/**
 * Where a digest is stored: `<profile>/<day>/<instant>.json`, one folder per day of `digestEnd`,
 * so the latest digest and a day's digests are found by listing a day, and keys sort by time.
 */
export function digestKey(profile: string, digestEnd: string): string {
  const instant = new Date(digestEnd).toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z');
  return `${profile}/${dayOf(digestEnd)}/${instant}.json`;
}
export const digestDayPrefix = (profile: string, day: string) => `${profile}/${day}/`;

/**
 * A digest at `now` looks at partitions of the day before the previous digest's day through
 * today's (a record filed under a day is written on that day, or just after midnight by a job
 * finishing); the first digest, and one after a long pause, look back at most `maxDays`.
 */
export function coveredDays(previousEnd: string | null, now: Date, maxDays: number): { from: string; to: string } {
  const to = dayOf(now);
  const earliest = addDay(to, -(maxDays - 1));
  const start = previousEnd ? addDay(dayOf(previousEnd), -1) : earliest;
  // The later of the two days (ISO days sort as text).
  return { from: [start, earliest].sort()[1] as string, to };
}

/** The last tail each partition was digested with, over the given digests (oldest first). */
export function lastDigested(digests: AuditDigest[]): Map<string, DigestedPartition> {
  const last = new Map<string, DigestedPartition>();
  for (const digest of digests) for (const p of digest.partitions) last.set(p.partition, p);
  return last;
}

/** A key that may check digests: its id (as digests name it) and its public half. */
export interface TrustedKey {
  id: string;
  publicKey: KeyObject;
}

export type DigestProblem = {
  key: string;
  problem: 'unreadable' | 'unknown-signing-key' | 'signature-invalid' | 'previous-missing' | 'chain-broken';
};

/** The signature of one digest, by the trusted key only. */
export function checkSignature(key: string, digest: AuditDigest, trusted: TrustedKey): DigestProblem | null {
  if (digest.signingKey !== trusted.id) return { key, problem: 'unknown-signing-key' };
  let ok = false;
  try {
    ok = verifySignature('sha256', signedBytes(digest), trusted.publicKey, Buffer.from(digest.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : { key, problem: 'signature-invalid' };
}

/** Parses a stored digest; null when it is not one (the caller reports it unreadable). */
export function parseDigest(text: string): AuditDigest | null {
  try {
    const d = JSON.parse(text) as AuditDigest;
    const valid =
      d.format === DIGEST_FORMAT &&
      typeof d.digestEnd === 'string' &&
      typeof d.signature === 'string' &&
      Array.isArray(d.partitions) &&
      d.partitions.every((p) => typeof p.partition === 'string' && Number.isInteger(p.seq) && typeof p.hash === 'string');
    return valid ? d : null;
  } catch {
    return null;
  }
}
