import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { auditPartition, dynamoAuditLog } from '../../shared/audit/audit-log';
import { verifyAuditDay } from '../../shared/audit/verify-audit';
import { localDb } from '../helpers/local-clients';
import { ROOT } from '../helpers/stack-process';

const { runtime } = inject('stack');
const db = localDb(runtime);
const table = runtime.resources.tables.audit;
const verify = (institution: string, day: string) =>
  promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/audit-verify.ts', '--institution', institution, '--day', day, '--state-dir', runtime.stateDir],
    { cwd: ROOT },
  );

describe('tamper-evident audit trail (DynamoDB Local)', () => {
  const institution = 'AUDT0001';
  const day = '2026-11-20';

  it('keeps every chain intact under concurrent writers, and audit:verify names a tampered record', async () => {
    const log = dynamoAuditLog(db, table, 3650);
    // 60 records from 12 concurrent writers: appends race for the same tails and must retry, not fork.
    await Promise.all(
      Array.from({ length: 12 }, async (_, w) => {
        for (let i = 0; i < 5; i++) {
          await log.record({
            actor: `writer-${w}`,
            role: 'operator',
            action: 'member.updated',
            target: `m-${w}-${i}`,
            institution,
            at: new Date(`${day}T10:00:00Z`),
            requestId: `r-${w}-${i}`,
            outcome: 'success',
            details: { fields: ['phone'] },
          });
        }
      }),
    );
    const reports = await verifyAuditDay(db, table, institution, day);
    expect(reports.reduce((n, r) => n + r.records, 0)).toBe(60);
    expect(reports.every((r) => r.firstBreak === null)).toBe(true);
    const clean = await verify(institution, day);
    expect(clean.stdout).not.toContain('BROKEN');

    // Someone with table access rewrites who did it.
    const shard = reports.findIndex((r) => r.records >= 2);
    const partition = auditPartition(institution, day, shard);
    const { Items } = await db.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } }),
    );
    const victim = Items?.[1] as { pk: string; sk: string };
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: victim.pk, sk: victim.sk },
        UpdateExpression: 'SET actor = :a',
        ExpressionAttributeValues: { ':a': 'nobody' },
      }),
    );

    const run = verify(institution, day);
    await expect(run).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`BROKEN at seq 2 (sk ${victim.sk}): content-changed`),
    });
  });

  it('appends bulk batches (over 100 records) and single records to the same day without forking a chain', async () => {
    const bulkInstitution = 'AUDT0002';
    const log = dynamoAuditLog(db, table, 3650);
    const entry = (actor: string, i: number) => ({
      actor,
      role: 'import',
      action: 'member.created',
      target: `m-${actor}-${i}`,
      institution: bulkInstitution,
      at: new Date(`${day}T11:00:00Z`),
      requestId: `r-${actor}-${i}`,
      outcome: 'success' as const,
      details: { importJobId: 'job-1' },
    });
    // Three bulk writers (250 records each: three transactions apiece) race 40 single appends.
    await Promise.all([
      ...['bulk-a', 'bulk-b', 'bulk-c'].map((w) => log.recordMany(Array.from({ length: 250 }, (_, i) => entry(w, i)))),
      ...Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await log.record(entry(`single-${w}`, i));
      }),
    ]);
    const reports = await verifyAuditDay(db, table, bulkInstitution, day);
    expect(reports.reduce((n, r) => n + r.records, 0)).toBe(790);
    expect(reports.filter((r) => r.firstBreak !== null)).toEqual([]);
  });
});
