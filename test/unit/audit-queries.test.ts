import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { AuditQueries, AuditRecordView } from '../../shared/audit/audit-queries';
import {
  atCondition,
  daysInRange,
  decodeCursor,
  encodeCursor,
  mergeShards,
  partitionsFor,
  planAuditQuery,
} from '../../shared/audit/audit-query-plan';
import { auditCsv, queryAuditTrail, verifyAuditTrail } from '../../shared/audit/audit-use-cases';
import type { Actor } from '../../shared/auth/scope';
import type { Role } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { actorOf, held } from '../helpers/actors';

const NOW = new Date('2027-03-10T09:00:00.000Z');

describe('audit query planning', () => {
  it('needs exactly one of target, actor, institution', () => {
    expect(() => planAuditQuery({}, NOW)).toThrow(
      expect.objectContaining({ status: 400, errors: [expect.objectContaining({ code: 'one_subject_required' })] }),
    );
    expect(() => planAuditQuery({ target: 'm1', actor: 'a' }, NOW)).toThrow(expect.objectContaining({ status: 400 }));
    expect(planAuditQuery({ actor: 'a' }, NOW)).toEqual({ by: 'actor', actor: 'a', range: { from: undefined, to: undefined } });
  });

  it('gives an institution query a closed range (7 days by default) and caps it at 31 days', () => {
    const q = planAuditQuery({ institution: 'DEMO001' }, NOW);
    expect(q).toEqual({ by: 'institution', institution: 'DEMO001', range: { from: new Date('2027-03-03T09:00:00.000Z'), to: NOW } });
    expect(() => planAuditQuery({ institution: 'DEMO001', from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00.001Z' }, NOW)).toThrow(
      expect.objectContaining({ status: 400, code: 'range_too_long' }),
    );
    expect(planAuditQuery({ institution: 'DEMO001', from: '2027-01-01T00:00:00Z', to: '2027-02-01T00:00:00Z' }, NOW).by).toBe(
      'institution',
    );
    expect(() => planAuditQuery({ target: 'x', from: '2027-01-02T00:00:00Z', to: '2027-01-01T00:00:00Z' }, NOW)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ code: 'range_invalid' })] }),
    );
    // Target and actor queries read one index partition: no cap.
    expect(planAuditQuery({ target: 'x', from: '2020-01-01T00:00:00Z' }, NOW).by).toBe('target');
  });

  it('reads the day×shard partitions of the range, newest day first, `to` exclusive', () => {
    const range = { from: new Date('2027-03-08T23:00:00Z'), to: new Date('2027-03-10T00:00:00Z') };
    expect(daysInRange(range)).toEqual(['2027-03-09', '2027-03-08']);
    const parts = partitionsFor('DEMO001', range);
    expect(parts).toHaveLength(16);
    expect(parts.slice(0, 2)).toEqual(['AUDIT#DEMO001#2027-03-09#0', 'AUDIT#DEMO001#2027-03-09#1']);
    expect(parts.at(-1)).toBe('AUDIT#DEMO001#2027-03-08#7');
  });

  it('turns the range into one key condition on `at`, `to` exclusive', () => {
    expect(atCondition({})).toBeNull();
    expect(atCondition({ from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-03-02T00:00:00Z') })).toEqual({
      expression: '#at BETWEEN :from AND :before',
      values: { ':from': '2027-03-01T00:00:00.000Z', ':before': '2027-03-01T23:59:59.999Z' },
    });
    expect(atCondition({ to: new Date('2027-03-02T00:00:00Z') })?.expression).toBe('#at <= :before');
  });

  it('merges the shards newest first and takes a prefix of each shard', () => {
    const rec = (shard: number, seq: number, at: string) => ({ shard, seq, at: `2027-03-09T10:00:${at}.000Z` });
    const streams = [
      [rec(0, 3, '50'), rec(0, 2, '20'), rec(0, 1, '10')],
      [rec(1, 2, '40'), rec(1, 1, '30')],
      [],
      // Not monotone inside the shard (concurrent writers): still taken in chain order.
      [rec(3, 2, '15'), rec(3, 1, '45')],
    ];
    const merged = mergeShards(streams, 5);
    expect(merged.map((r) => `${r.shard}:${r.seq}`)).toEqual(['0:3', '1:2', '1:1', '0:2', '3:2']);
    // Everything, in order, when the limit allows.
    expect(mergeShards(streams, 100)).toHaveLength(7);
    expect(mergeShards([[rec(0, 1, '10')], [rec(1, 1, '10')]], 1)[0]?.shard).toBe(0);
  });

  it('round-trips cursors and refuses ones that do not fit the query', () => {
    const inst = planAuditQuery({ institution: 'DEMO001', from: '2027-03-08T00:00:00Z', to: '2027-03-10T00:00:00Z' }, NOW);
    const c = { k: 'institution' as const, day: '2027-03-08', shards: [null, 0, 5, null, null, 1, null, 12] };
    expect(decodeCursor(encodeCursor(c), inst)).toEqual(c);
    const idx = {
      k: 'index' as const,
      key: { pk: 'AUDIT#X#2027-03-08#1', sk: '000000000001', target: 't', at: '2027-03-08T00:00:00.000Z' },
    };
    const target = planAuditQuery({ target: 't' }, NOW);
    expect(decodeCursor(encodeCursor(idx), target)).toEqual(idx);

    const invalid = expect.objectContaining({ errors: [expect.objectContaining({ code: 'cursor_invalid' })] });
    expect(() => decodeCursor(encodeCursor(idx), inst)).toThrow(invalid);
    expect(() => decodeCursor(encodeCursor(c), target)).toThrow(invalid);
    expect(() => decodeCursor(encodeCursor({ ...c, day: '2027-03-01' }), inst)).toThrow(invalid); // outside the range
    expect(() => decodeCursor(encodeCursor({ ...c, shards: [1, 2] }), inst)).toThrow(invalid);
    expect(() => decodeCursor('not-base64-json', target)).toThrow(invalid);
  });
});

/** A caller of the audit query route holding these roles in `institution` (operators: deployment-wide). */
const actor = (roles: Role[], institution: string | null = 'DEMO001'): Actor =>
  actorOf(
    'queryAudit',
    roles.map((r) => held(r, r === 'operator' || r === 'auditor' ? null : institution)),
    { sub: 'u-1', login: 'u-1@posta' },
  );

function fakeDeps() {
  const recorded: AuditEntry[] = [];
  const asked: unknown[] = [];
  const queries: AuditQueries = {
    async find(query, limit, cursor) {
      asked.push({ query, limit, cursor });
      return { items: [], nextCursor: null };
    },
  };
  return { recorded, asked, deps: { queries, audit: { record: async (e: AuditEntry) => void recorded.push(e) }, clock: fixedClock(NOW) } };
}

describe('audit query use cases', () => {
  it('lets operators query anything and school admins only their own institution; refusals are audited', async () => {
    const { deps, recorded, asked } = fakeDeps();
    await queryAuditTrail({ actor: 'x', limit: 10 }, actor(['operator'], null), deps, 'r1');
    await queryAuditTrail({ institution: 'DEMO001', limit: 10 }, actor(['school-admin']), deps, 'r2');
    expect(asked).toHaveLength(2);
    await expect(queryAuditTrail({ institution: 'OTHER01', limit: 10 }, actor(['school-admin']), deps, 'r3')).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    await expect(queryAuditTrail({ target: 'm1', limit: 10 }, actor(['school-admin']), deps, 'r4')).rejects.toMatchObject({
      status: 403,
      code: 'operators_only',
    });
    expect(asked).toHaveLength(2);
    // Reads are on the record too (the filters, not the records), under the reader's institution.
    expect(recorded).toMatchObject([
      {
        action: 'audit.queried',
        outcome: 'success',
        target: 'actor:x',
        institution: 'none',
        requestId: 'r1',
        details: { page: 'first', records: 0 },
      },
      {
        action: 'audit.queried',
        outcome: 'success',
        target: 'DEMO001',
        institution: 'DEMO001',
        requestId: 'r2',
        details: { from: '2027-03-03T09:00:00.000Z', to: NOW.toISOString() }, // the default 7 days
      },
      { action: 'audit.queried', outcome: 'refused', institution: 'OTHER01', reason: 'institution_out_of_scope', requestId: 'r3' },
      { action: 'audit.queried', outcome: 'refused', target: 'target:m1', reason: 'operators_only' },
    ]);
  });

  it('lets an auditor read like an operator (any institution, by target or actor), filed under `none` as `auditor`', async () => {
    const { deps, recorded, asked } = fakeDeps();
    await queryAuditTrail({ target: 'm1', limit: 10 }, actor(['auditor']), deps, 'r1');
    await queryAuditTrail({ institution: 'OTHER01', limit: 10 }, actor(['auditor']), deps, 'r2');
    expect(asked).toHaveLength(2);
    expect(recorded).toMatchObject([
      { action: 'audit.queried', outcome: 'success', role: 'auditor', target: 'target:m1', institution: 'none' },
      { action: 'audit.queried', outcome: 'success', role: 'auditor', target: 'OTHER01', institution: 'none' },
    ]);
  });

  it('writes formula-safe CSV with one line per record', () => {
    const row: AuditRecordView = {
      at: '2027-03-09T10:00:00.000Z',
      actor: 'a',
      actorLogin: 'ada@posta.istruzione.it',
      role: 'operator',
      action: 'member.updated',
      target: 'm1',
      institution: 'DEMO001',
      outcome: 'success',
      reason: '=HYPERLINK("http://evil")',
      requestId: 'r',
      seq: 3,
      details: { fields: ['phone'] },
    };
    const lines = auditCsv([row]).replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,actor,role,action,target,institution,outcome,reason,requestId,seq,details,actorLogin');
    expect(lines[1]).toMatch(/,ada@posta\.istruzione\.it$/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain('"{""fields"":[""phone""]}"');
    expect(lines).toHaveLength(2);
  });

  it('verifies a day, names the first broken link and audits the check', async () => {
    const recorded: AuditEntry[] = [];
    const report = await verifyAuditTrail(
      { institutionCode: 'DEMO001', day: '2027-03-09' },
      actor(['operator'], null),
      {
        verifyDay: async () => ({
          partitions: [
            { partition: 'AUDIT#DEMO001#2027-03-09#0', records: 2, unkeyed: 0, digestedSeq: 2, firstBreak: null },
            {
              partition: 'AUDIT#DEMO001#2027-03-09#1',
              records: 3,
              unkeyed: 0,
              digestedSeq: 3,
              firstBreak: { seq: 2, sk: '000000000002', reason: 'content-changed' },
            },
          ],
          digests: { checked: 2, problems: [] },
        }),
        audit: { record: async (e) => void recorded.push(e) },
        clock: fixedClock(NOW),
      },
      'r9',
    );
    expect(report).toMatchObject({
      intact: false,
      records: 5,
      firstBreak: { partition: 'AUDIT#DEMO001#2027-03-09#1', seq: 2, reason: 'content-changed' },
    });
    expect(recorded).toMatchObject([
      { action: 'audit.verified', target: 'AUDIT#DEMO001#2027-03-09', outcome: 'success', details: { intact: false, digests: 2 } },
    ]);
    await expect(
      verifyAuditTrail(
        { institutionCode: 'DEMO001', day: '2027-02-30' },
        actor(['operator'], null),
        {
          verifyDay: async () => ({ partitions: [], digests: { checked: 0, problems: [] } }),
          audit: { record: async () => {} },
          clock: fixedClock(NOW),
        },
        'r',
      ),
    ).rejects.toMatchObject({ status: 400 });
  });
});
