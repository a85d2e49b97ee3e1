import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_SHARDS, auditPartition } from '../../shared/audit/audit-log';
import { apiClient, type Json } from '../helpers/api-client';
import { localDb } from '../helpers/local-clients';
import { italianMobile, italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport, registerInstitutions } = apiClient(runtime, demoUsers);
const db = localDb(runtime);

const INSTITUTION = 'AUDQ0001';
const [first, second, third] = [0, 1, 2].map((i) => italianRow(53_000 + i, INSTITUTION)) as [StaffRow, StaffRow, StaffRow];

/** A GET whose answer may be CSV. */
async function raw(token: string, path: string) {
  const res = await fetch(`${runtime.urls.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text(), next: res.headers.get('x-next-cursor') };
}

/** Every page of a query, following `nextCursor`. */
async function allPages(token: string, query: string, limit: number): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await call(token, 'GET', `/v1/audit?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('audit trail queries, CSV export and verify (it-miur)', () => {
  let operator: string;
  let schoolAdmin: string;
  let operatorSub: string;
  let operatorLogin: string;
  let range: string;
  let memberIds: string[];
  let changedId: string;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    schoolAdmin = await tokenOf('school-admin');
    operatorSub = demoUsers.find((u) => u.role === 'operator')?.sub ?? 'missing';
    operatorLogin = demoUsers.find((u) => u.role === 'operator')?.login ?? 'missing';
    // The institution is registered (an audited act of its own) before the range begins: the
    // range then holds exactly what the imports did.
    await registerInstitutions([INSTITUTION]);
    const from = new Date(Date.now() + 1).toISOString();

    // Three members created, then one row with a new phone: three `member.created`, one `member.updated`.
    expect((await runImport(operator, toCsv([first, second, third]))).counts.created).toBe(3);
    const changed = { ...second, phone: italianMobile(53_101) };
    expect((await runImport(operator, toCsv([first, changed, third]))).counts).toMatchObject({ updated: 1, unchanged: 2 });

    const to = new Date(Date.now() + 60_000).toISOString();
    range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const csv = await raw(operator, `/v1/institutions/${INSTITUTION}/members.csv`);
    memberIds = csv.text
      .replace('\uFEFF', '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0] as string);
    expect(memberIds).toHaveLength(3);
    const updated = await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&${range}&limit=200`);
    changedId = updated.body.items.find((i: Json) => i.action === 'member.updated')?.target;
    expect(memberIds).toContain(changedId);
  });

  it('by institution and range: exactly what the imports did, newest first, the same across pages', async () => {
    const res = await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&${range}&limit=200`);
    expect(res.status).toBe(200);
    const items: Json[] = res.body.items;
    expect(res.body.nextCursor).toBeNull();
    expect(items.map((i) => i.action).sort()).toEqual(['member.created', 'member.created', 'member.created', 'member.updated']);
    expect(items[0]).toMatchObject({
      action: 'member.updated',
      target: changedId,
      actor: operatorSub,
      institution: INSTITUTION,
      outcome: 'success',
    });
    expect(items[0]?.details).toMatchObject({ fields: ['phone'] });
    expect(new Set(items.map((i) => i.target))).toEqual(new Set(memberIds));
    const times = items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    // No hashes in answers; never a phone or national ID.
    expect(JSON.stringify(items)).not.toMatch(/hash|\+39/);

    // Page by page (limit 1 walks the shards' merge and the day boundary): the same records, same order.
    expect(await allPages(operator, `institution=${INSTITUTION}&${range}`, 1)).toEqual(items);

    // A range that ends before the updates began holds none of them: only the institution's registration.
    const before = await call(
      operator,
      'GET',
      `/v1/audit?institution=${INSTITUTION}&to=${encodeURIComponent(String(items.at(-1)?.at))}&limit=200`,
    );
    expect(before.body.items.map((i: Json) => i.action)).toEqual(['institution.registered']);
  });

  it('by target and by actor, through the indexes', async () => {
    const byTarget = await call(operator, 'GET', `/v1/audit?target=${changedId}`);
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.items.map((i: Json) => i.action)).toEqual(['member.updated', 'member.created']);

    // The operator acts in other test files too: only the range is ours, so ours must all be there.
    const mine = await allPages(operator, `actor=${operatorSub}&${range}`, 50);
    expect(mine.every((i) => i.actor === operatorSub)).toBe(true);
    const ours = mine.filter((i) => i.institution === INSTITUTION);
    expect(ours).toHaveLength(4);
    expect(new Set(ours.map((i) => i.target))).toEqual(new Set(memberIds));

    // People know logins: the operator's login reads the same records as their sub (ours: the
    // reads themselves are recorded meanwhile, under the operator too).
    const byLogin = await allPages(operator, `actor=${encodeURIComponent(operatorLogin)}&${range}`, 50);
    expect(byLogin.every((i) => i.actor === operatorSub && i.actorLogin === operatorLogin)).toBe(true);
    const key = (i: Json) => `${i.at}#${i.seq}`;
    expect(byLogin.filter((i) => i.institution === INSTITUTION).map(key)).toEqual(ours.map(key));
  });

  it('exports the same rows as CSV', async () => {
    const json = await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&${range}&limit=200`);
    const csv = await raw(operator, `/v1/audit.csv?institution=${INSTITUTION}&${range}`);
    expect(csv.status).toBe(200);
    expect(csv.next).toBeNull();
    const lines = csv.text.replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,actor,role,action,target,institution,outcome,reason,requestId,seq,details,actorLogin');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 7).join(','))).toEqual(
      json.body.items.map((i: Json) => [i.at, i.actor, i.role, i.action, i.target, i.institution, i.outcome].join(',')),
    );
  });

  it('school admins read only their own institution; the refusal is audited', async () => {
    expect((await call(schoolAdmin, 'GET', '/v1/audit?institution=DEMO001')).status).toBe(200);
    const other = await call(schoolAdmin, 'GET', `/v1/audit?institution=${INSTITUTION}`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('institution_out_of_scope');
    expect((await raw(schoolAdmin, `/v1/audit.csv?institution=${INSTITUTION}`)).status).toBe(403);
    expect((await call(schoolAdmin, 'GET', `/v1/audit?target=${changedId}`)).status).toBe(403);
    expect((await call(schoolAdmin, 'POST', '/v1/audit/verify', { institutionCode: 'DEMO001', day: '2026-01-01' })).status).toBe(403);

    const adminSub = demoUsers.find((u) => u.role === 'school-admin')?.sub;
    const refusals = await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&limit=200`);
    expect(refusals.body.items).toContainEqual(
      expect.objectContaining({ actor: adminSub, action: 'audit.queried', outcome: 'refused', reason: 'institution_out_of_scope' }),
    );
  });

  it('rejects bad queries: none or two subjects, a range over 31 days, a foreign cursor', async () => {
    expect((await call(operator, 'GET', '/v1/audit')).body.errors?.[0]?.code).toBe('one_subject_required');
    expect((await call(operator, 'GET', `/v1/audit?target=a&actor=b`)).status).toBe(400);
    const long = await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(long).toMatchObject({ status: 400, body: { code: 'range_too_long' } });
    expect((await call(operator, 'GET', `/v1/audit?institution=${INSTITUTION}&cursor=abc`)).body.errors?.[0]?.code).toBe('cursor_invalid');
  });

  it('verify names a tampered record, and the check is itself audited', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const clean = await call(operator, 'POST', '/v1/audit/verify', { institutionCode: INSTITUTION, day });
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ intact: true, firstBreak: null });
    expect(clean.body.partitions).toHaveLength(AUDIT_SHARDS);

    // Someone with table access rewrites who did one of the updates.
    let victim: { pk: string; sk: string; seq: number } | undefined;
    for (let shard = 0; shard < AUDIT_SHARDS && !victim; shard++) {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: runtime.resources.tables.audit,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditPartition(INSTITUTION, day, shard) },
        }),
      );
      victim = Items?.find((i) => i.action === 'member.created') as typeof victim;
    }
    if (!victim) throw new Error('no audit record to tamper with');
    await db.send(
      new UpdateCommand({
        TableName: runtime.resources.tables.audit,
        Key: { pk: victim.pk, sk: victim.sk },
        UpdateExpression: 'SET actor = :a',
        ExpressionAttributeValues: { ':a': 'nobody' },
      }),
    );

    const broken = await call(operator, 'POST', '/v1/audit/verify', { institutionCode: INSTITUTION, day });
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({
      intact: false,
      firstBreak: { partition: victim.pk, sk: victim.sk, seq: victim.seq, reason: 'content-changed' },
    });

    const checks = await call(operator, 'GET', `/v1/audit?target=${encodeURIComponent(`AUDIT#${INSTITUTION}#${day}`)}`);
    expect(checks.body.items.map((i: Json) => i.details?.intact)).toEqual([false, true]);
    expect(checks.body.items[0]).toMatchObject({ action: 'audit.verified', actor: operatorSub });
  });
});
