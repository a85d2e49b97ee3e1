import { describe, expect, it } from 'vitest';
import { type ChainedRecord, GENESIS, recordHash, verifyChain } from '../../shared/audit/audit-chain';

function chain(n: number): Array<ChainedRecord & { sk: string }> {
  const records: Array<ChainedRecord & { sk: string }> = [];
  let prevHash = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, prevHash, actor: `u${seq}`, action: 'member.created', details: { fields: ['phone', 'locale'] } };
    const hash = recordHash(content);
    records.push({ ...content, hash, sk: String(seq).padStart(12, '0'), pk: 'AUDIT#X#2026-11-25#0', expiresAt: 1 });
    prevHash = hash;
  }
  return records;
}

describe('audit hash chain', () => {
  it('accepts an intact chain, storage keys and TTL aside', () => {
    expect(verifyChain(chain(5))).toBeNull();
  });

  it('does not depend on the order of keys in a record', () => {
    const a = { seq: 1, b: { y: 1, x: [2, 3] }, a: 'z' };
    const b = { a: 'z', b: { x: [2, 3], y: 1 }, seq: 1 };
    expect(recordHash(a)).toBe(recordHash(b));
  });

  it('names an edited record', () => {
    const records = chain(5);
    (records[2] as ChainedRecord).actor = 'someone-else';
    expect(verifyChain(records)).toMatchObject({ seq: 3, reason: 'content-changed' });
  });

  it('names the record after one whose hash was recomputed to hide an edit', () => {
    const records = chain(5);
    const edited = records[1] as ChainedRecord;
    edited.action = 'member.deleted';
    edited.hash = recordHash(edited);
    expect(verifyChain(records)).toMatchObject({ seq: 3, reason: 'link-broken' });
  });

  it('names a deleted record as a gap in the sequence', () => {
    const records = chain(5);
    records.splice(3, 1);
    expect(verifyChain(records)).toMatchObject({ seq: 4, reason: 'sequence-gap' });
  });

  it('catches a change in a nested detail', () => {
    const records = chain(3);
    (records[0] as ChainedRecord).details = { fields: ['phone'] };
    expect(verifyChain(records)).toMatchObject({ seq: 1, reason: 'content-changed' });
  });
});
