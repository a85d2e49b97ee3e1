import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { canonical, recordMac } from '../../shared/audit/audit-chain';
import { type AuditEntry, auditPartition, dynamoAuditLog, partitionRegistry, registryEntry } from '../../shared/audit/audit-log';
import { dynamoAuditPartitions, type StoredRecord } from '../../shared/audit/audit-partitions';
import { fixedChainKey } from '../../shared/audit/chain-key';
import { folderDigestStore, localTrustedKey } from '../../shared/audit/digest-adapters';
import { verifyAuditDay } from '../../shared/audit/verify-audit';
import { AUDIT_DIGESTS, SECRETS } from '../../shared/catalog';
import { apiClient } from '../helpers/api-client';
import { localDb } from '../helpers/local-clients';
import { runJob } from '../helpers/profile-stack';
import { ROOT } from '../helpers/stack-process';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call } = apiClient(runtime, demoUsers);
const db = localDb(runtime);
const table = runtime.resources.tables.audit;
/** The deployment's own chain key (the stack's configuration), as every audit writer of the stack uses it. */
const chainKey = runtime.env[SECRETS.auditChainKey.valueEnv] as string;
const log = () => dynamoAuditLog(db, table, 3650, fixedChainKey(chainKey));
const checks = {
  partitions: dynamoAuditPartitions(db, table),
  store: folderDigestStore(runtime.env[AUDIT_DIGESTS.dirEnv] as string),
  trustedKey: async () => localTrustedKey(runtime.env[AUDIT_DIGESTS.publicKeyFileEnv] as string),
  chainKey: fixedChainKey(chainKey),
  profile: runtime.profile,
};

/** `npm run audit:verify`, with its exit code and output whatever they are. */
async function auditVerify(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/audit-verify.ts', ...args, '--state-dir', runtime.stateDir],
      { cwd: ROOT },
    );
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

/** `POST /v1/audit/verify` as an operator. */
async function apiVerify(institutionCode: string, day: string) {
  const res = await call(await tokenOf('operator'), 'POST', '/v1/audit/verify', { institutionCode, day });
  expect(res.status).toBe(200);
  return res.body;
}

const entry = (institution: string, day: string, actor: string, i: number): AuditEntry => ({
  actor,
  role: 'operator',
  action: 'member.updated',
  target: `m-${actor}-${i}`,
  institution,
  at: new Date(`${day}T10:00:00Z`),
  requestId: `r-${actor}-${i}`,
  outcome: 'success',
  details: { fields: ['phone'] },
});

const partitionItems = async (pk: string) =>
  ((
    await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? []) as StoredRecord[];

/** The shards of a day holding at least `min` records, fullest first. */
async function shardsWith(institution: string, day: string, min: number) {
  const report = await verifyAuditDay(checks, institution, day);
  return report.partitions.filter((p) => p.records >= min).sort((a, b) => b.records - a.records);
}

describe('tamper-evident audit trail: keyed chain and signed digests (DynamoDB Local)', () => {
  it('keeps every chain intact under concurrent writers; a record changed and the rest re-linked with SHA-256 is named', async () => {
    const institution = 'AUDT0001';
    const day = '2026-11-20';
    // 60 records from 12 concurrent writers: appends race for the same tails and must retry, not fork.
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let i = 0; i < 5; i++) await log().record(entry(institution, day, `writer-${w}`, i));
      }),
    );
    expect(await runJob(runtime, 'audit-digest', `${day}T12:00:00Z`)).toContain('written');
    const clean = await apiVerify(institution, day);
    expect(clean).toMatchObject({ intact: true, records: 60, unkeyed: 0, firstBreak: null, digests: { problems: [] } });
    expect(clean.partitions.filter((p: { records: number; digestedSeq: number }) => p.records > 0 && p.digestedSeq !== p.records)).toEqual(
      [],
    );

    // Someone with table access (not the key) rewrites who did it, and re-links every later record
    // with an unkeyed SHA-256 as the hash chain used to be made: that passed audit:verify before.
    const [target] = await shardsWith(institution, day, 3);
    const records = (await partitionItems(target?.partition as string)).sort((a, b) => a.seq - b.seq);
    let prevHash = records[0]?.hash as string;
    for (const record of records.slice(1)) {
      const changed = { ...record, prevHash, ...(record.seq === 2 && { actor: 'nobody' }) };
      const { hash: _h, ...content } = changed;
      changed.hash = createHash('sha256').update(canonical(content)).digest('hex');
      await db.send(new PutCommand({ TableName: table, Item: changed }));
      prevHash = changed.hash;
    }
    const run = await auditVerify('--institution', institution, '--day', day);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${target?.partition}  ${records.length} records  digested to seq ${records.length}  BROKEN at seq 2 (sk 000000000002): content-changed`,
    );
    expect(await apiVerify(institution, day)).toMatchObject({
      intact: false,
      firstBreak: { partition: target?.partition, seq: 2, reason: 'content-changed' },
    });
  }, 180_000);

  it('a changed expiresAt (a record kept past its retention, or dropped early) breaks the record', async () => {
    const institution = 'AUDT0003';
    const day = '2026-11-22';
    for (let i = 0; i < 3; i++) await log().record(entry(institution, day, 'ttl', i));
    const [shard] = await shardsWith(institution, day, 1);
    const [first] = await partitionItems(shard?.partition as string);
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: first?.pk, sk: first?.sk },
        UpdateExpression: 'SET expiresAt = :soon',
        ExpressionAttributeValues: { ':soon': Math.floor(Date.parse(`${day}T11:00:00Z`) / 1000) },
      }),
    );
    expect(await apiVerify(institution, day)).toMatchObject({ intact: false, firstBreak: { seq: 1, reason: 'content-changed' } });
  }, 120_000);

  it('after a digest: a deleted tail, a deleted partition and a chain re-linked with the key are named', async () => {
    const institution = 'AUDT0004';
    const day = '2026-11-23';
    for (let i = 0; i < 24; i++) await log().record(entry(institution, day, 'digested', i));
    const out = await runJob(runtime, 'audit-digest', `${day}T12:00:00Z`);
    // The digest signs every partition of the days it covers that moved: this institution's shards
    // among them (other records of the shared stack may fall in those days too: at least ours).
    const ours = (await shardsWith(institution, day, 1)).length;
    expect(ours).toBeGreaterThan(0);
    expect(Number(/"partitions": (\d+)/.exec(out)?.[1])).toBeGreaterThanOrEqual(ours);
    const [tailVictim, partitionVictim, relinkVictim] = await shardsWith(institution, day, 2);

    // The last record of one shard.
    const tail = (await partitionItems(tailVictim?.partition as string)).sort((a, b) => b.seq - a.seq)[0] as StoredRecord;
    await db.send(new DeleteCommand({ TableName: table, Key: { pk: tail.pk, sk: tail.sk } }));
    // Every record of another shard, and its registration.
    const whole = partitionVictim?.partition as string;
    for (const r of await partitionItems(whole)) await db.send(new DeleteCommand({ TableName: table, Key: { pk: r.pk, sk: r.sk } }));
    await db.send(
      new DeleteCommand({ TableName: table, Key: { pk: partitionRegistry(day), sk: registryEntry(institution, Number(whole.slice(-1))) } }),
    );
    // A third rewritten by someone holding the chain key: every MAC recomputed, the chain is consistent.
    const relinked = (await partitionItems(relinkVictim?.partition as string)).sort((a, b) => a.seq - b.seq);
    let prevHash = relinked[0]?.prevHash as string;
    for (const record of relinked) {
      const { hash: _h, ...content } = { ...record, prevHash, ...(record.seq === 1 && { actor: 'nobody' }) };
      const item = { ...content, hash: recordMac(content, Buffer.from(chainKey)) };
      await db.send(new PutCommand({ TableName: table, Item: item }));
      prevHash = item.hash;
    }

    const run = await auditVerify('--institution', institution, '--day', day);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `${tailVictim?.partition}  ${tail.seq - 1} records  digested to seq ${tail.seq}  BROKEN at seq ${tail.seq}`,
    );
    expect(run.stdout).toMatch(
      new RegExp(`${whole}  0 records  digested to seq \\d+  BROKEN at seq 1 \\(sk 000000000001\\): partition-deleted`),
    );
    expect(run.stdout).toMatch(new RegExp(`${relinkVictim?.partition} .*BROKEN at seq \\d+ .*: rewritten`));
    const report = await apiVerify(institution, day);
    expect(report.intact).toBe(false);
    const reasons = Object.fromEntries(
      report.partitions.map((p: { partition: string; firstBreak: { reason: string } | null }) => [p.partition, p.firstBreak?.reason]),
    );
    expect(reasons).toMatchObject({
      [tailVictim?.partition as string]: 'tail-deleted',
      [whole]: 'partition-deleted',
      [relinkVictim?.partition as string]: 'rewritten',
    });
    // The deployment-wide check finds the deleted partition without being told the institution.
    const range = await auditVerify('--since', day, '--until', day);
    expect(range.code).toBe(1);
    expect(range.stdout).toContain(`${whole}  0 records`);
  }, 240_000);

  it('appends bulk batches (over 100 records) and single records to the same day without forking a chain', async () => {
    const institution = 'AUDT0002';
    const day = '2026-11-20';
    const bulk = (actor: string, i: number) => ({ ...entry(institution, day, actor, i), role: 'import', action: 'member.created' });
    // Three bulk writers (250 records each: three transactions apiece) race 40 single appends.
    await Promise.all([
      ...['bulk-a', 'bulk-b', 'bulk-c'].map((w) => log().recordMany(Array.from({ length: 250 }, (_, i) => bulk(w, i)))),
      ...Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await log().record(bulk(`single-${w}`, i));
      }),
    ]);
    const report = await verifyAuditDay(checks, institution, day);
    expect(report.partitions.reduce((n, r) => n + r.records, 0)).toBe(790);
    expect(report.partitions.filter((r) => r.firstBreak !== null)).toEqual([]);
    // Every non-empty shard is registered for the digest job to find.
    const registered = await checks.partitions.registered(day);
    for (const p of report.partitions.filter((r) => r.records > 0)) expect(registered).toContain(p.partition);
    expect(registered).not.toContain(auditPartition('AUDT9999', day, 0));
  }, 120_000);
});
