import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHAIN_VERSION, GENESIS, recordMac } from '../../shared/audit/audit-chain';
import { parseDigest } from '../../shared/audit/audit-digest';
import { auditPartition, parsePartition, seqKey } from '../../shared/audit/audit-log';
import type { AuditPartitions, StoredRecord } from '../../shared/audit/audit-partitions';
import { fixedChainKey } from '../../shared/audit/chain-key';
import { type DigestSigner, folderDigestStore, localDigestSigner, localTrustedKey } from '../../shared/audit/digest-adapters';
import { verifyAuditDay, verifyAuditDays } from '../../shared/audit/verify-audit';
import { writeAuditDigest } from '../../shared/audit/write-digest';

const KEY = 'audit-chain-key-for-unit-tests-0123456789';
const DAY = '2026-11-20';
const A = auditPartition('INST1', DAY, 0);
const B = auditPartition('INST1', DAY, 1);
const OTHER = auditPartition('INST2', DAY, 4);

/** The trail in memory, as DynamoDB would hold it: records per partition and the day registry. */
function memoryTrail() {
  const parts = new Map<string, StoredRecord[]>();
  const trail: AuditPartitions = {
    registered: async (day) => [...parts.keys()].filter((pk) => parsePartition(pk)?.day === day),
    tail: async (pk) => {
      const last = parts.get(pk)?.at(-1);
      return last ? { seq: last.seq, hash: last.hash } : null;
    },
    records: async (pk) => [...(parts.get(pk) ?? [])],
  };
  const append = (pk: string, n: number) => {
    const list = parts.get(pk) ?? [];
    for (let i = 0; i < n; i++) {
      const prev = list.at(-1);
      const seq = (prev?.seq ?? 0) + 1;
      const stored = { pk, sk: seqKey(seq), v: CHAIN_VERSION, seq, prevHash: prev?.hash ?? GENESIS, actor: `a${seq}`, expiresAt: 1 };
      list.push({ ...stored, hash: recordMac(stored, Buffer.from(KEY)) });
    }
    parts.set(pk, list);
  };
  return { parts, trail, append };
}

describe('signed audit digests', () => {
  let dir: string;
  let signer: DigestSigner;
  let t: ReturnType<typeof memoryTrail>;
  const deps = () => ({
    store: folderDigestStore(join(dir, 'digests')),
    signer,
    partitions: t.trail,
    profile: 'it-miur',
  });
  const verifyDeps = () => ({
    ...deps(),
    trustedKey: async () => localTrustedKey(join(dir, 'public.pem')),
    chainKey: fixedChainKey(KEY),
  });
  const at = (time: string) => new Date(`${DAY}T${time}Z`);
  const breakOf = async (pk: string) =>
    (await verifyAuditDay(verifyDeps(), 'INST1', DAY)).partitions.find((p) => p.partition === pk)?.firstBreak;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'posta-digests-'));
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'private.pem'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'public.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    signer = localDigestSigner(join(dir, 'private.pem'));
    t = memoryTrail();
    t.append(A, 3);
    t.append(B, 2);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs the tails that moved, names the previous digest, and verifies intact', async () => {
    const first = await writeAuditDigest(deps(), at('10:05:00'));
    expect(first).toMatchObject({ written: 'it-miur/2026-11-20/20261120T100500Z.json', partitions: 2 });
    t.append(A, 1);
    const second = await writeAuditDigest(deps(), at('11:05:00'));
    expect(second).toMatchObject({ partitions: 1 }); // only A moved
    const text = readFileSync(join(dir, 'digests', 'it-miur/2026-11-20/20261120T110500Z.json'), 'utf8');
    expect(parseDigest(text)).toMatchObject({
      digestStart: '2026-11-20T10:05:00.000Z',
      previousDigest: { key: 'it-miur/2026-11-20/20261120T100500Z.json' },
      partitions: [{ partition: A, seq: 4 }],
    });
    const check = await verifyAuditDay(verifyDeps(), 'INST1', DAY);
    expect(check.digests).toEqual({ checked: 2, problems: [] });
    expect(check.partitions.filter((p) => p.records > 0)).toMatchObject([
      { partition: A, records: 4, digestedSeq: 4, firstBreak: null },
      { partition: B, records: 2, digestedSeq: 2, firstBreak: null },
    ]);
  });

  it('tells a deleted tail, a deleted partition and a chain re-linked with the key', async () => {
    t.append(OTHER, 2);
    await writeAuditDigest(deps(), at('10:05:00'));
    t.parts.get(A)?.pop(); // the last record of A
    t.parts.delete(B); // all of B, its registration included
    // OTHER: record 1 changed and every later record re-linked by someone holding the chain key.
    const other = t.parts.get(OTHER) as StoredRecord[];
    other[0] = { ...other[0], actor: 'nobody' } as StoredRecord;
    let prev = GENESIS;
    for (const r of other) {
      r.prevHash = prev;
      r.hash = recordMac({ ...r, hash: undefined }, Buffer.from(KEY));
      prev = r.hash;
    }
    expect(await breakOf(A)).toEqual({ seq: 3, sk: seqKey(3), reason: 'tail-deleted' });
    expect(await breakOf(B)).toEqual({ seq: 1, sk: seqKey(1), reason: 'partition-deleted' });
    const all = await verifyAuditDays(verifyDeps(), [DAY]);
    expect(all.partitions.map((p) => [p.partition, p.firstBreak?.reason ?? null])).toEqual([
      [A, 'tail-deleted'],
      [B, 'partition-deleted'],
      [OTHER, 'rewritten'],
    ]);
  });

  it('does not sign a tail that went backwards: the next digest leaves it out and the deletion stays visible', async () => {
    await writeAuditDigest(deps(), at('10:05:00'));
    t.parts.get(A)?.pop();
    const next = await writeAuditDigest(deps(), at('11:05:00'));
    expect(next).toMatchObject({ partitions: 0, shrunk: [A] });
    expect(await breakOf(A)).toMatchObject({ reason: 'tail-deleted' });
  });

  it('names a changed digest, one signed by another key, and a digest removed from the chain', async () => {
    await writeAuditDigest(deps(), at('10:05:00'));
    await writeAuditDigest(deps(), at('11:05:00'));
    await writeAuditDigest(deps(), at('12:05:00'));
    const file = (time: string) => join(dir, 'digests', `it-miur/2026-11-20/20261120T${time}Z.json`);

    // Someone lowers a signed tail to hide a deletion.
    chmodSync(file('100500'), 0o644);
    writeFileSync(file('100500'), readFileSync(file('100500'), 'utf8').replace('"seq":3', '"seq":2'));
    const forged = await verifyAuditDay(verifyDeps(), 'INST1', DAY);
    expect(forged.digests.problems).toEqual(
      expect.arrayContaining([
        { key: 'it-miur/2026-11-20/20261120T100500Z.json', problem: 'signature-invalid' },
        { key: 'it-miur/2026-11-20/20261120T110500Z.json', problem: 'chain-broken' },
      ]),
    );

    // A digest in the middle is gone.
    unlinkSync(file('110500'));
    const gap = await verifyAuditDay(verifyDeps(), 'INST1', DAY);
    expect(gap.digests.problems).toEqual(
      expect.arrayContaining([{ key: 'it-miur/2026-11-20/20261120T120500Z.json', problem: 'previous-missing' }]),
    );

    // A digest signed with a key of one's own.
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'other.pem'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    signer = localDigestSigner(join(dir, 'other.pem'));
    await writeAuditDigest(deps(), at('13:05:00'));
    const foreign = await verifyAuditDay(verifyDeps(), 'INST1', DAY);
    expect(foreign.digests.problems).toEqual(
      expect.arrayContaining([{ key: 'it-miur/2026-11-20/20261120T130500Z.json', problem: 'unknown-signing-key' }]),
    );
  });

  it('never writes a digest before the latest one, and never overwrites one', async () => {
    await writeAuditDigest(deps(), at('10:05:00'));
    expect(await writeAuditDigest(deps(), at('09:05:00'))).toMatchObject({ skipped: expect.any(String) });
    expect(await writeAuditDigest(deps(), at('10:05:00'))).toMatchObject({ skipped: expect.any(String) });
    await expect(deps().store.putOnce('it-miur/2026-11-20/20261120T100500Z.json', '{}')).rejects.toThrow(/EEXIST/);
  });
});
