import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { PROGRESS_KEYS } from '../../shared/progress/progress-counters';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { eventually, firstSignInChallenge, localClients, localDb, scanAll, sesStore } from '../helpers/local-clients';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport } = apiClient(runtime, demoUsers);

const runJob = (name: string, at: string) =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
    cwd: ROOT,
  });

/** Every counter at zero: progress answers are compared against this plus what is expected. */
const none = Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0]));

const db = localDb(runtime);

/** All member items, read straight from the table (the test's source of truth). */
async function allMembers() {
  const items: Json[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: runtime.resources.tables.directory,
        FilterExpression: 'sk = :m',
        ExpressionAttributeValues: { ':m': 'MEMBER' },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const smsTo = async (phone: string) =>
  (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];

describe('lots: create, reschedule, cancel, launch (it-miur)', () => {
  const lotA = Array.from({ length: 8 }, (_, i) => italianRow(20_000 + i, 'LOTA0001'));
  const lotB = Array.from({ length: 4 }, (_, i) => italianRow(30_000 + i, 'LOTB0001'));
  let operator: string;
  let lot1: Json;
  let lot2: Json;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    const job = await runImport(operator, toCsv([...lotA, ...lotB]));
    expect(job.counts.created).toBe(12);
  }, 90_000);

  it('creates lots by institution; a member already in a lot is not taken twice', async () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    lot1 = (
      await call(operator, 'POST', '/v1/lots', {
        name: 'Lotto 1',
        launchAt: soon,
        selection: { kind: 'institutions', institutionCodes: ['LOTA0001'] },
      })
    ).body;
    expect(lot1).toMatchObject({ state: 'scheduled', memberCount: 8 });
    lot2 = (
      await call(operator, 'POST', '/v1/lots', {
        name: 'Lotto 2',
        launchAt: soon,
        selection: { kind: 'institutions', institutionCodes: ['LOTB0001'] },
      })
    ).body;
    expect(lot2.memberCount).toBe(4);
    const again = await call(operator, 'POST', '/v1/lots', {
      name: 'Lotto 3',
      launchAt: soon,
      selection: { kind: 'institutions', institutionCodes: ['LOTA0001'] },
    });
    expect(again.body.memberCount).toBe(0);
    expect((await call(operator, 'POST', `/v1/lots/${again.body.lotId}/cancel`)).body.state).toBe('cancelled');
    expect((await call(operator, 'POST', `/v1/lots/${again.body.lotId}/cancel`)).body.code).toBe('lot_not_scheduled');
  });

  it('reschedules a lot that has not launched, and refuses a launch time in the past', async () => {
    const later = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const moved = await call(operator, 'PATCH', `/v1/lots/${lot2.lotId}`, { launchAt: later });
    expect(moved.body.launchAt).toBe(later);
    const past = await call(operator, 'PATCH', `/v1/lots/${lot2.lotId}`, { launchAt: '2020-01-01T00:00:00Z' });
    expect(past).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'body.launchAt' } });
    const listed = await call(operator, 'GET', '/v1/lots?limit=100');
    expect(listed.body.items.map((l: Json) => l.lotId)).toEqual(expect.arrayContaining([lot1.lotId, lot2.lotId]));
  });

  it('only operators manage lots, and a refused call leaves an audit record', async () => {
    const token = await tokenOf('school-admin');
    const refused = await call(token, 'GET', '/v1/lots');
    expect(refused).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    const admin = demoUsers.find((u) => u.role === 'school-admin');
    const { Items } = await db.send(
      new QueryCommand({
        TableName: runtime.resources.tables.audit,
        IndexName: 'byActor',
        KeyConditionExpression: 'actor = :a',
        ExpressionAttributeValues: { ':a': admin?.sub },
      }),
    );
    expect(Items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'route.listLots', outcome: 'refused', reason: 'role_not_allowed', target: 'listLots' }),
      ]),
    );
  });

  it('launching the lot "as of" its date gives each member one account, one SMS with a working temporary password and one Italian notice', async () => {
    await runJob('launch-lots', lot1.launchAt);
    const { cognito } = localClients(runtime);
    const texts = await eventually(
      async () => Promise.all(lotA.map((r) => smsTo(r.phone))),
      (all) => all.every((list) => list.length >= 1),
      60_000,
    );
    const mails = await eventually(
      async () => (await sesStore(runtime)).filter((m) => lotA.some((r) => m.destination.to.includes(r.oldAddress))),
      (list) => list.length >= lotA.length,
      60_000,
    );
    expect(mails).toHaveLength(lotA.length);
    for (const r of lotA) {
      const mail = mails.find((m) => m.destination.to.includes(r.oldAddress));
      const login = r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
      // Each in the member's own locale, with the new login and the helpdesk support code.
      expect(mail?.subject).toMatch(r.locale === 'it' ? /^Dal .* la Sua casella di posta istituzionale diventa / : /mailbox|address/i);
      expect(mail?.subject).toContain(login);
      expect(mail?.body.text).toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
    }
    for (const [i, r] of lotA.entries()) {
      expect(texts[i]).toHaveLength(1);
      const login = r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
      const password = /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(texts[i]?.[0]?.message ?? '')?.[1] ?? '';
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: runtime.resources.userPoolId, Username: login }));
      expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      if (i === 0) {
        await firstSignInChallenge(runtime, login, password);
      }
    }
    for (const r of lotB) expect(await smsTo(r.phone)).toHaveLength(0);
    // Every member handed over, not yet known done: the lot says launching, with its counts.
    expect((await call(operator, 'GET', `/v1/lots/${lot1.lotId}`)).body).toMatchObject({ state: 'launching', enqueued: 8 });
    await drained(runtime, ['provision', 'email']);
    await runJob('launch-lots', lot1.launchAt);
    expect((await call(operator, 'GET', `/v1/lots/${lot1.lotId}`)).body).toMatchObject({
      state: 'launched',
      enqueued: 8,
      completedAt: expect.any(String),
      progress: { ...none, notified: 8 },
    });
    // Progress counters equal the truth: every lot-1 member notified, lot 2 still pending.
    expect((await call(operator, 'GET', `/v1/lots/${lot1.lotId}/progress`)).body).toEqual({ ...none, notified: 8 });
    expect((await call(operator, 'GET', '/v1/institutions/LOTA0001/progress')).body).toEqual({ ...none, notified: 8 });
    expect((await call(operator, 'GET', `/v1/lots/${lot2.lotId}/progress`)).body).toEqual({ ...none, pending: 4 });
    expect((await call(operator, 'GET', '/v1/institutions/LOTB0001/progress')).body).toEqual({ ...none, pending: 4 });

    // The canary: the temporary passwords live only in Cognito and in the SMS.
    const passwords = texts.map((list) => /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(list[0]?.message ?? '')?.[1] ?? 'missing');
    const everything = (await scanAll(runtime)) + JSON.stringify(await sesStore(runtime));
    for (const p of passwords) expect(everything).not.toContain(p);
  }, 120_000);

  it('running the launcher again sends nothing new', async () => {
    await runJob('launch-lots', lot1.launchAt);
    await drained(runtime, ['provision', 'email']);
    for (const r of lotA) expect(await smsTo(r.phone)).toHaveLength(1);
    const mails = (await sesStore(runtime)).filter((m) => lotA.some((r) => m.destination.to.includes(r.oldAddress)));
    expect(mails).toHaveLength(lotA.length);
  }, 60_000);

  it('resuming: only an operator, only a launched or launching lot, and a complete lot is refused', async () => {
    const admin = await tokenOf('school-admin');
    expect((await call(admin, 'POST', `/v1/lots/${lot1.lotId}/resume`)).status).toBe(403);
    expect(await call(operator, 'POST', `/v1/lots/${lot1.lotId}/resume`)).toMatchObject({ status: 409, body: { code: 'lot_complete' } });
    expect(await call(operator, 'POST', `/v1/lots/${lot2.lotId}/resume`)).toMatchObject({
      status: 409,
      body: { code: 'lot_not_resumable' },
    });
    expect(await call(operator, 'POST', '/v1/lots/not-a-uuid/resume')).toMatchObject({ status: 400, body: { field: 'path.lotId' } });
    expect((await call(operator, 'POST', '/v1/lots/00000000-0000-4000-8000-000000000000/resume')).status).toBe(404);
  });

  it('after the cadence each notified member who did not sign in gets exactly one reminder, even if the sweep runs twice', async () => {
    const reminders = async () =>
      (await sesStore(runtime)).filter(
        (m) => lotA.some((r) => m.destination.to.includes(r.oldAddress)) && /promemoria|reminder/i.test(m.subject),
      );
    const eightDaysOn = new Date(Date.now() + 8 * 86_400_000).toISOString();
    await runJob('resend-notices', eightDaysOn);
    await runJob('resend-notices', eightDaysOn);
    const got = await eventually(reminders, (list) => list.length >= lotA.length, 30_000);
    await drained(runtime, ['email']);
    expect(got).toHaveLength(lotA.length);
    expect(await reminders()).toHaveLength(lotA.length);
    // Eight days on, the temporary passwords (7 days) have expired: the reminder says so and
    // sends the member to the helpdesk with the support code, not to sign in with the old password.
    for (const mail of got) {
      expect(mail.body.text).toMatch(/password temporanea .* è scaduta|temporary password .* has expired/);
      expect(mail.body.text).not.toContain('https://webmail.posta.istruzione.it');
      expect(mail.body.text).toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
    }
    const token = await tokenOf('operator');
    expect((await call(token, 'GET', '/v1/institutions/LOTA0001/progress')).body).toMatchObject({ notified: 8, reNotified: 8 });
    // A school admin reads only their own institution's progress.
    const adminToken = await tokenOf('school-admin');
    expect((await call(adminToken, 'GET', '/v1/institutions/LOTA0001/progress')).status).toBe(403);
    expect((await call(adminToken, 'GET', '/v1/institutions/DEMO001/progress')).status).toBe(200);
  }, 90_000);
});

describe('next-pending lots, cancel and release, institution changes (it-miur)', () => {
  const pool = Array.from({ length: 6 }, (_, i) => italianRow(40_000 + i, 'POOLA001'));
  /** A member of a launched lot of this block's own, reminded once: notified and re-notified. */
  const launched = italianRow(40_100, 'MOVA0001');
  let operator: string;
  let nextLot: Json;
  let taken: string[];

  beforeAll(async () => {
    operator = await tokenOf('operator');
    await launchSmallLot({ runtime, api: apiClient(runtime, demoUsers), db }, operator, {
      name: 'Da spostare',
      institutionCode: 'MOVA0001',
      rows: [launched],
    });
    await runJob('resend-notices', new Date(Date.now() + 8 * 86_400_000).toISOString());
    await drained(runtime, ['email']);
    const job = await runImport(operator, toCsv(pool));
    expect(job.counts.created).toBe(pool.length);
  }, 180_000);

  it('a "next N pending" lot takes exactly the N oldest members of the pool', async () => {
    const before = await allMembers();
    const inPool = before.filter((m) => String(m.gsi2pk).startsWith('POOL#'));
    // Every pending member in no lot is in the pool, and nobody in a lot is.
    expect(inPool.every((m) => m.state === 'pending' && m.lotId === undefined)).toBe(true);
    expect(before.filter((m) => m.state === 'pending' && !m.lotId && !String(m.gsi2pk).startsWith('POOL#'))).toEqual([]);
    const n = 4;
    const oldest = inPool
      .sort((a, b) => String(a.gsi2sk).localeCompare(String(b.gsi2sk)))
      .slice(0, n)
      .map((m) => m.memberId as string);
    expect(oldest).toHaveLength(n);

    const created = await call(operator, 'POST', '/v1/lots', {
      name: 'Prossimi 4',
      launchAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      selection: { kind: 'next-pending', count: n },
    });
    expect(created.status).toBe(201);
    nextLot = created.body;
    expect(nextLot).toMatchObject({ memberCount: n, selection: { kind: 'next-pending', count: n }, released: 0, releasedAt: null });
    taken = (await allMembers()).filter((m) => m.lotId === nextLot.lotId).map((m) => m.memberId as string);
    expect(taken.sort()).toEqual([...oldest].sort());
    expect((await call(operator, 'GET', `/v1/lots/${nextLot.lotId}/progress`)).body).toEqual({ ...none, pending: n });

    const tooMany = await call(operator, 'POST', '/v1/lots', {
      name: 'Troppi',
      launchAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      selection: { kind: 'next-pending', count: 1001 },
    });
    expect(tooMany).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
  });

  it('a cancelled lot gives its members back to the pool when the launcher runs; then another lot can take them', async () => {
    const cancelled = await call(operator, 'POST', `/v1/lots/${nextLot.lotId}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', released: 0, releasedAt: null });
    // Not released inside the HTTP call: another lot cannot take them yet.
    const early = await call(operator, 'POST', '/v1/lots', {
      name: 'Troppo presto',
      launchAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      selection: { kind: 'members', memberIds: taken },
    });
    expect(early.body.memberCount).toBe(0);
    await call(operator, 'POST', `/v1/lots/${early.body.lotId}/cancel`);

    await runJob('launch-lots', new Date().toISOString());
    const after = (await call(operator, 'GET', `/v1/lots/${nextLot.lotId}`)).body;
    expect(after).toMatchObject({ state: 'cancelled', released: taken.length });
    expect(after.releasedAt).toEqual(expect.any(String));
    expect((await call(operator, 'GET', `/v1/lots/${nextLot.lotId}/progress`)).body).toEqual(none);
    const back = (await allMembers()).filter((m) => taken.includes(m.memberId));
    expect(back.every((m) => m.lotId === undefined && String(m.gsi2pk).startsWith('POOL#') && m.state === 'pending')).toBe(true);

    const again = await call(operator, 'POST', '/v1/lots', {
      name: 'Di nuovo',
      launchAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      selection: { kind: 'members', memberIds: taken },
    });
    expect(again.body.memberCount).toBe(taken.length);
    // A second run has nothing left to release.
    await runJob('launch-lots', new Date().toISOString());
    expect((await call(operator, 'GET', `/v1/lots/${nextLot.lotId}`)).body.released).toBe(taken.length);
  }, 90_000);

  it("a re-import that changes a member's institution moves its counts to the new institution", async () => {
    const progress = async (code: string) => (await call(operator, 'GET', `/v1/institutions/${code}/progress`)).body;
    const poolA = await progress('POOLA001');
    const lotA = await progress('MOVA0001');
    expect(poolA).toMatchObject({ pending: pool.length });
    expect(lotA).toMatchObject({ notified: 1, reNotified: 1 });
    // One pending member, and the notified and re-notified member of this block's launched lot, move.
    const moved = [
      { ...(pool[0] as (typeof pool)[number]), institutionCode: 'POOLB001' },
      { ...launched, institutionCode: 'MOVC0001' },
    ];
    const job = await runImport(operator, toCsv(moved));
    expect(job.counts).toMatchObject({ updated: 2, created: 0 });
    expect(await progress('POOLA001')).toEqual({ ...poolA, pending: pool.length - 1 });
    expect(await progress('POOLB001')).toEqual({ ...none, pending: 1 });
    expect(await progress('MOVA0001')).toEqual({ ...lotA, notified: lotA.notified - 1, reNotified: lotA.reNotified - 1 });
    expect(await progress('MOVC0001')).toEqual({ ...none, notified: 1, reNotified: 1 });
    // The same file again changes nothing.
    await runImport(operator, toCsv(moved));
    expect(await progress('POOLB001')).toEqual({ ...none, pending: 1 });
    expect(await progress('MOVC0001')).toEqual({ ...none, notified: 1, reNotified: 1 });
  }, 120_000);
});
