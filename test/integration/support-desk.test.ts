import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AdminDisableUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { eventually, firstSignInChallenge, localClients, localDb, scanAll, sesStore, signIn } from '../helpers/local-clients';
import { launchMoment, untilPast } from '../helpers/profile-stack';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call: rawCall, runImport } = apiClient(runtime, demoUsers);
const { cognito } = localClients(runtime);
const pool = runtime.resources.userPoolId;
const db = localDb(runtime);

const runJob = (name: string, at: string) =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
    cwd: ROOT,
  });
const smsTo = async (phone: string) =>
  (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
const passwordIn = (sms: SmsRecord | undefined) => /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(sms?.message ?? '')?.[1] ?? 'missing';
const enabled = async (login: string) => (await cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: login }))).Enabled;

/** Every API answer of this file, for the canary. */
const answers: Json[] = [];
const call = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await rawCall(token, method, path, body);
  answers.push(res.body);
  return res;
};

// Outside any region on record (no INSTITUTION#SUPP0001 item): the regional agent does not reach it.
const far = italianRow(47_000, 'SUPP0001');
// DEMO001 is in the demo region: the regional agent reaches it.
const near = italianRow(47_001);
const loginOf = (row: typeof far) => row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
const SHARED = 'segreteria.supp0001@posta.istruzione.it';

describe('support desk (it-miur): codes, status, audit trail, unlock, reset, shared mailboxes, scope', () => {
  let operator: string;
  let support: string;
  let regional: string;
  let regionalSub: string;
  let memberId: string;
  let nearId: string;
  let supportCode: string;
  const passwords: string[] = [];

  beforeAll(async () => {
    operator = await tokenOf('operator');
    support = await tokenOf('support');
    const agent = demoUsers.find((u) => u.login.startsWith('demo.support.regional@'));
    if (!agent) throw new Error('no regional support agent seeded');
    regional = await signIn(runtime, agent.login, agent.password);
    regionalSub = agent.sub;
    expect((await runImport(operator, toCsv([far, near]))).counts.created).toBe(2);
    const idOf = async (login: string) =>
      (await db.send(new GetCommand({ TableName: runtime.resources.tables.directory, Key: { pk: `ADDRESS#${login}`, sk: 'ADDRESS' } })))
        .Item?.memberId as string;
    memberId = await idOf(loginOf(far));
    nearId = await idOf(loginOf(near));
    const lot = await call(operator, 'POST', '/v1/lots', {
      name: 'Support desk',
      launchAt: launchMoment(),
      selection: { kind: 'institutions', institutionCodes: ['SUPP0001'] },
    });
    expect(lot.body.memberCount).toBe(1);
    // Launched as of its time once that has come: the test goes on in real time.
    await untilPast(lot.body.launchAt);
    await runJob('launch-lots', lot.body.launchAt);
    const first = await eventually(
      () => smsTo(far.phone),
      (l) => l.length === 1,
      60_000,
    );
    passwords.push(passwordIn(first[0]));
    const mail = await eventually(
      async () => (await sesStore(runtime)).find((m) => m.destination.to.includes(far.oldAddress)),
      (m) => m !== undefined,
      60_000,
    );
    supportCode = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(mail?.body.text ?? '')?.[1] ?? 'missing';
  }, 120_000);

  it('verifies a caller’s support code (by member id or login); staff may not', async () => {
    expect((await call(support, 'POST', '/v1/support/verify-code', { memberId, supportCode })).body).toEqual({ valid: true });
    const byLogin = await call(support, 'POST', '/v1/support/verify-code', { login: loginOf(far), supportCode: supportCode.toLowerCase() });
    expect(byLogin).toEqual({ status: 200, body: { valid: true } });
    expect((await call(support, 'POST', '/v1/support/verify-code', { memberId, supportCode: 'ABCD-EFGH' })).body).toEqual({ valid: false });
    expect((await call(await tokenOf('staff'), 'POST', '/v1/support/verify-code', { memberId, supportCode })).status).toBe(403);
  });

  it('reads the account status and the member’s audit trail, newest first', async () => {
    const status = await call(support, 'GET', `/v1/support/members/${memberId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      memberId,
      state: 'notified',
      institutionCode: 'SUPP0001',
      nationalIdLast3: far.nationalId.slice(-3),
      phone: expect.stringMatching(/^\+39\*+\d{3}$/),
      activationLockedUntil: null,
      nextDeadline: { kind: 'temporary-password' },
      deliveryFailure: null,
      supportCodeOnRecord: true,
      account: { enabled: true, status: 'FORCE_CHANGE_PASSWORD' },
    });
    const trail = await eventually(
      async () => (await call(support, 'GET', `/v1/support/members/${memberId}/audit?limit=100`)).body,
      (b) => b.items?.filter((i: Json) => i.action === 'support.code-verified').length === 3,
    );
    expect(trail.items[0].action).toBe('support.audit-viewed');
    const times = trail.items.map((i: Json) => i.at);
    expect(times).toEqual([...times].sort().reverse());
    const sub = demoUsers.find((u) => u.role === 'support')?.sub;
    expect(trail.items.find((i: Json) => i.action === 'support.member-viewed')).toMatchObject({
      actor: sub,
      role: 'support',
      outcome: 'success',
    });
    const page = await call(support, 'GET', `/v1/support/members/${memberId}/audit?limit=1`);
    expect(page.body.items).toHaveLength(1);
    const next = await call(support, 'GET', `/v1/support/members/${memberId}/audit?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].at <= page.body.items[0].at).toBe(true);
    const garbage = await call(support, 'GET', `/v1/support/members/${memberId}/audit?cursor=not-a-cursor`);
    expect(garbage).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'query.cursor' } });
  });

  it('unlocks a disabled account (reason required)', async () => {
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: pool, Username: loginOf(far) }));
    expect(await enabled(loginOf(far))).toBe(false);
    const noReason = await call(support, 'POST', `/v1/support/members/${memberId}/unlock`, {});
    expect(noReason).toMatchObject({ status: 400, body: { code: 'reason_required', field: 'body.reason' } });
    expect(await enabled(loginOf(far))).toBe(false);
    const done = await call(support, 'POST', `/v1/support/members/${memberId}/unlock`, { reason: 'caller verified, ticket 101' });
    expect(done).toMatchObject({ status: 200, body: { account: { enabled: true, wasEnabled: false }, activationLockCleared: false } });
    expect(await enabled(loginOf(far))).toBe(true);
  });

  it('resets and sends a password: exactly one new SMS, a working temporary password, never in the answer', async () => {
    const reset = await call(support, 'POST', `/v1/support/members/${memberId}/reset-password`, {
      reason: 'forgot the temporary password',
    });
    expect(reset).toMatchObject({
      status: 200,
      body: { memberId, smsRejected: false, state: 'notified', sentTo: expect.stringMatching(/^\+39\*+/) },
    });
    const again = await call(support, 'POST', `/v1/support/members/${memberId}/reset-password`, { reason: 'double click' });
    expect(again).toMatchObject({ status: 429, body: { code: 'reset_just_sent' } });
    const texts = await eventually(
      () => smsTo(far.phone),
      (l) => l.length >= 2,
    );
    await drained(runtime);
    expect(await smsTo(far.phone)).toHaveLength(2);
    // The outbox lists newest first.
    const fresh = passwordIn(texts[0]);
    passwords.push(fresh);
    expect(fresh).not.toBe(passwords[0]);
    await firstSignInChallenge(runtime, loginOf(far), fresh);
    const status = (await call(support, 'GET', `/v1/support/members/${memberId}`)).body;
    expect(status).toMatchObject({ state: 'notified', nextDeadline: { kind: 'temporary-password' } });
  });

  it('switches a shared mailbox between management by rights and by password, recording who and when', async () => {
    expect((await call(support, 'POST', '/v1/shared-mailboxes', { address: SHARED, institutionCode: 'SUPP0001' })).status).toBe(403);
    const created = await call(operator, 'POST', '/v1/shared-mailboxes', { address: SHARED, institutionCode: 'SUPP0001' });
    expect(created).toMatchObject({ status: 201, body: { model: 'rights', history: [] } });
    const path = `/v1/support/shared-mailboxes/${encodeURIComponent(SHARED)}/delegation`;
    expect((await call(support, 'PUT', path, { model: 'password' })).body.code).toBe('reason_required');
    expect((await call(support, 'PUT', path, { model: 'password', reason: 'the office asked for a shared login' })).body).toMatchObject({
      model: 'password',
      changed: true,
    });
    expect((await call(support, 'PUT', path, { model: 'rights', reason: 'back to delegated rights' })).body.changed).toBe(true);
    const read = await call(support, 'GET', path);
    const sub = demoUsers.find((u) => u.role === 'support')?.sub;
    expect(read.body.model).toBe('rights');
    expect(read.body.history).toEqual([
      expect.objectContaining({ seq: 2, from: 'password', to: 'rights', by: sub, role: 'support', reason: 'back to delegated rights' }),
      expect.objectContaining({ seq: 1, from: 'rights', to: 'password', by: sub, reason: 'the office asked for a shared login' }),
    ]);
    expect(Date.parse(read.body.history[0].at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a regional agent reaches its region only: outside it 403, audited as refused', async () => {
    expect((await call(regional, 'GET', `/v1/support/members/${nearId}`)).body).toMatchObject({
      memberId: nearId,
      state: 'pending',
      account: null,
    });
    const refused = await call(regional, 'POST', `/v1/support/members/${memberId}/unlock`, { reason: 'trying' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    expect((await call(regional, 'GET', `/v1/support/members/${memberId}`)).status).toBe(403);
    const path = `/v1/support/shared-mailboxes/${encodeURIComponent(SHARED)}/delegation`;
    expect((await call(regional, 'PUT', path, { model: 'password', reason: 'trying' })).status).toBe(403);
    expect((await call(regional, 'GET', '/v1/support/reports/progress?institutionCode=SUPP0001')).status).toBe(403);
    const trail = await eventually(
      async () => (await call(support, 'GET', `/v1/support/members/${memberId}/audit?limit=100`)).body.items as Json[],
      (items) => items.some((i) => i.actor === regionalSub && i.action === 'support.unlocked'),
    );
    expect(trail.find((i) => i.actor === regionalSub && i.action === 'support.unlocked')).toMatchObject({
      outcome: 'refused',
      role: 'support',
      reason: 'trying',
      institution: 'SUPP0001',
    });
  });

  it('reads progress reports from the counters', async () => {
    const report = await call(support, 'GET', '/v1/support/reports/progress?institutionCode=SUPP0001');
    expect(report).toMatchObject({ status: 200, body: { institutionCode: 'SUPP0001', counts: { notified: 1, pending: 0 } } });
  });

  it('canary: no password in any answer or table', async () => {
    const everything = (await scanAll(runtime)) + JSON.stringify(answers) + JSON.stringify(await sesStore(runtime));
    expect(passwords).toHaveLength(2);
    for (const p of passwords) {
      expect(p).not.toBe('missing');
      expect(everything).not.toContain(p);
    }
  });
});
