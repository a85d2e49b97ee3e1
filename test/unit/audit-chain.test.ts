import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_VERSION,
  type ChainedRecord,
  canonical,
  GENESIS,
  legacyRecordHash,
  recordMac,
  verifyChain,
} from '../../shared/audit/audit-chain';

type Stored = ChainedRecord & { sk: string };
const KEY = Buffer.from('audit-chain-key-for-unit-tests-0123456789');
const PK = 'AUDIT#X#2026-11-25#0';

/** A keyed chain of `n` records as the writer stores them (every attribute under the MAC). */
function chain(n: number, key = KEY): Stored[] {
  const records: Stored[] = [];
  let prevHash = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const stored = {
      pk: PK,
      sk: String(seq).padStart(12, '0'),
      v: CHAIN_VERSION,
      seq,
      prevHash,
      actor: `u${seq}`,
      action: 'member.created',
      details: { fields: ['phone', 'locale'] },
      expiresAt: 1_900_000_000,
    };
    const record = { ...stored, hash: recordMac(stored, key) };
    records.push(record);
    prevHash = record.hash;
  }
  return records;
}

/** Re-links every record from `from` on with `mac`, as someone who rewrote one would. */
function relink(records: Stored[], from: number, mac: (r: Record<string, unknown>) => string) {
  for (let i = from; i < records.length; i++) {
    const r = records[i] as Stored;
    r.prevHash = i === 0 ? GENESIS : (records[i - 1] as Stored).hash;
    r.hash = mac(r);
  }
}

describe('keyed audit chain', () => {
  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5), KEY)).toEqual({ firstBreak: null, unkeyed: 0 });
  });

  it('does not depend on the order of keys in a record', () => {
    expect(canonical({ seq: 1, b: { y: 1, x: [2, 3] }, a: 'z' })).toBe(canonical({ a: 'z', b: { x: [2, 3], y: 1 }, seq: 1 }));
  });

  it('names an edited record', () => {
    const records = chain(5);
    (records[2] as Stored).actor = 'someone-else';
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 3, reason: 'content-changed' });
  });

  it('covers the TTL and the storage keys: a record kept longer, or moved to another partition, no longer matches', () => {
    const longer = chain(3);
    (longer[1] as Stored).expiresAt = 4_000_000_000;
    expect(verifyChain(longer, KEY).firstBreak).toMatchObject({ seq: 2, reason: 'content-changed' });
    const moved = chain(3);
    (moved[0] as Stored).pk = 'AUDIT#OTHER#2026-11-25#0';
    expect(verifyChain(moved, KEY).firstBreak).toMatchObject({ seq: 1, reason: 'content-changed' });
  });

  it('covers every attribute: one added to a record (unknown to Posta) breaks it', () => {
    const records = chain(3);
    (records[1] as Stored).note = 'approved by the director';
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 2, reason: 'content-changed' });
  });

  it('a record changed and the rest re-linked with plain SHA-256 (no key) is caught at the change', () => {
    const records = chain(5);
    (records[1] as Stored).action = 'member.deleted';
    relink(records, 1, (r) => {
      const { hash: _h, ...content } = r;
      return createHash('sha256').update(canonical(content)).digest('hex');
    });
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 2, reason: 'content-changed' });
  });

  it('a chain re-linked with another key fails from its first record', () => {
    const records = chain(3);
    relink(records, 0, (r) => recordMac(r, Buffer.from('a-guessed-key-that-is-not-the-real-one')));
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 1, reason: 'content-changed' });
  });

  it('names a deleted record as a gap in the sequence', () => {
    const records = chain(5);
    records.splice(3, 1);
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 4, reason: 'sequence-gap' });
  });

  it('catches a change in a nested detail', () => {
    const records = chain(3);
    (records[0] as Stored).details = { fields: ['phone'] };
    expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 1, reason: 'content-changed' });
  });

  describe('records written before the keyed chain (version 1)', () => {
    /** Two unkeyed records as the old writer stored them, then keyed ones linked after them. */
    function mixed(): Stored[] {
      const records: Stored[] = [];
      let prevHash = GENESIS;
      for (let seq = 1; seq <= 2; seq++) {
        const content = { seq, prevHash, actor: `old${seq}`, action: 'member.created' };
        const hash = legacyRecordHash(content);
        records.push({ ...content, hash, pk: PK, sk: String(seq).padStart(12, '0'), expiresAt: 1 });
        prevHash = hash;
      }
      const stored = { pk: PK, sk: '000000000003', v: CHAIN_VERSION, seq: 3, prevHash, actor: 'new', action: 'x', expiresAt: 2 };
      records.push({ ...stored, hash: recordMac(stored, KEY) });
      return records;
    }

    it('are checked with the old hash and counted as unkeyed; keyed records may follow them', () => {
      expect(verifyChain(mixed(), KEY)).toEqual({ firstBreak: null, unkeyed: 2 });
      const edited = mixed();
      (edited[0] as Stored).actor = 'someone-else';
      expect(verifyChain(edited, KEY).firstBreak).toMatchObject({ seq: 1, reason: 'content-changed' });
    });

    it('may not follow a keyed record: turning keyed records into unkeyed ones is a downgrade', () => {
      const records = chain(3);
      const third = records[2] as Stored;
      delete third.v;
      third.hash = legacyRecordHash(third);
      expect(verifyChain(records, KEY).firstBreak).toMatchObject({ seq: 3, reason: 'downgraded' });
      const future = chain(2);
      (future[1] as Stored).v = 3;
      expect(verifyChain(future, KEY).firstBreak).toMatchObject({ seq: 2, reason: 'downgraded' });
    });
  });
});
