import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The hash a chain starts from (sequence 1 links to it). */
export const GENESIS = '0'.repeat(64);

/**
 * Version 2 (`v: 2`): the record's MAC is an HMAC-SHA256, with the audit chain's own key, over
 * every stored attribute but the MAC itself — the storage keys, the TTL (`expiresAt`) and any
 * attribute someone adds included. Records without `v` were written before the keyed chain
 * (version 1): an unkeyed SHA-256 over the content without keys and TTL; they are still checked,
 * counted as `unkeyed`, and may only come before the first keyed record of their chain.
 */
export const CHAIN_VERSION = 2;

/** A stored audit item as the chain sees it. */
export interface ChainedRecord {
  seq: number;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

/** JSON with sorted keys at every level, so the same record always hashes the same way. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The MAC of a version-2 record: every attribute but `hash`, keyed with the audit chain key. */
export function recordMac(record: Record<string, unknown>, key: Buffer): string {
  const { hash: _own, ...content } = record;
  return createHmac('sha256', key).update(canonical(content)).digest('hex');
}

/** Storage attributes a version-1 hash did not cover (the weakness version 2 removes). */
const V1_NOT_HASHED = new Set(['pk', 'sk', 'hash', 'expiresAt']);

/** The unkeyed SHA-256 of a version-1 record (written before the keyed chain). */
export function legacyRecordHash(record: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(record).filter(([k]) => !V1_NOT_HASHED.has(k)));
  return createHash('sha256').update(canonical(content)).digest('hex');
}

const sameHex = (a: string, b: unknown) =>
  typeof b === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/**
 * Why a chain does not hold, found inside the chain (`verifyChain`) or against the signed
 * digests (`verify-audit.ts`):
 * - `content-changed`: a record no longer matches its MAC (any attribute changed, added or removed);
 * - `link-broken`: a record does not point at the previous record's MAC;
 * - `sequence-gap`: a sequence number is missing (a record deleted from the middle);
 * - `downgraded`: an unkeyed (version 1) record after a keyed one, or of an unknown version;
 * - `rewritten`: the record a digest signed has another MAC now (the chain was re-linked with the key);
 * - `tail-deleted`: records a digest signed are gone from the end of the chain;
 * - `partition-deleted`: a partition a digest signed has no records left.
 */
export type ChainBreakReason =
  | 'content-changed'
  | 'link-broken'
  | 'sequence-gap'
  | 'downgraded'
  | 'rewritten'
  | 'tail-deleted'
  | 'partition-deleted';

export type ChainBreak = { seq: number; sk: string; reason: ChainBreakReason };

export interface ChainCheck {
  firstBreak: ChainBreak | null;
  /** Version-1 records (unkeyed SHA-256): as strong as the digests that cover them, no more. */
  unkeyed: number;
}

/**
 * Walks one partition's records in sequence order and names the first record that does not fit.
 * A record deleted from the end, or the whole partition, cannot be told from inside the chain:
 * the signed digests (`verify-audit.ts`) tell those.
 */
export function verifyChain(records: Array<ChainedRecord & { sk: string }>, key: Buffer): ChainCheck {
  let prev = { seq: 0, hash: GENESIS };
  let keyedSeen = false;
  let unkeyed = 0;
  const fail = (seq: number, sk: string, reason: ChainBreakReason): ChainCheck => ({ firstBreak: { seq, sk, reason }, unkeyed });
  for (const record of records) {
    if (record.seq !== prev.seq + 1) return fail(prev.seq + 1, record.sk, 'sequence-gap');
    if (record.v === CHAIN_VERSION) {
      keyedSeen = true;
      if (!sameHex(recordMac(record, key), record.hash)) return fail(record.seq, record.sk, 'content-changed');
    } else if (record.v === undefined && !keyedSeen) {
      unkeyed++;
      if (legacyRecordHash(record) !== record.hash) return fail(record.seq, record.sk, 'content-changed');
    } else {
      return fail(record.seq, record.sk, 'downgraded');
    }
    if (record.prevHash !== prev.hash) return fail(record.seq, record.sk, 'link-broken');
    prev = record;
  }
  return { firstBreak: null, unkeyed };
}
