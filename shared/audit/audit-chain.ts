import { createHash } from 'node:crypto';

/** The hash a chain starts from (sequence 1 links to it). */
export const GENESIS = '0'.repeat(64);

/** The fields an audit item is hashed over: everything but its own hash and the storage keys. */
export interface ChainedRecord {
  seq: number;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

/** JSON with sorted keys at every level, so the same record always hashes the same way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Storage attributes that are not part of the record's content. */
const NOT_HASHED = new Set(['pk', 'sk', 'hash', 'expiresAt']);

export function recordHash(record: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(record).filter(([k]) => !NOT_HASHED.has(k)));
  return createHash('sha256').update(canonical(content)).digest('hex');
}

export type ChainBreak = { seq: number; sk: string; reason: 'content-changed' | 'link-broken' | 'sequence-gap' };

/**
 * Walks one partition's records in sequence order and names the first record that does not fit:
 * its content no longer matches its hash, it does not point at the previous record's hash, or a
 * sequence number is missing (a deleted record). A tail deletion is not detectable from inside
 * the chain; the partition's record count in the verify output makes it visible to an operator.
 */
export function verifyChain(records: Array<ChainedRecord & { sk: string }>): ChainBreak | null {
  let prev = { seq: 0, hash: GENESIS };
  for (const record of records) {
    if (record.seq !== prev.seq + 1) return { seq: prev.seq + 1, sk: record.sk, reason: 'sequence-gap' };
    if (recordHash(record) !== record.hash) return { seq: record.seq, sk: record.sk, reason: 'content-changed' };
    if (record.prevHash !== prev.hash) return { seq: record.seq, sk: record.sk, reason: 'link-broken' };
    prev = record;
  }
  return null;
}
