import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AdminGetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { apiClient, type Json } from '../helpers/api-client';
import { eventually, localClients, sesStore } from '../helpers/local-clients';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport } = apiClient(runtime, demoUsers);

const runJob = (name: string, at: string) =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
    cwd: ROOT,
  });

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

  it('only operators manage lots', async () => {
    const token = await tokenOf('school-admin');
    expect((await call(token, 'GET', '/v1/lots')).status).toBe(403);
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
        const auth = await cognito.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: runtime.resources.userPoolClientId,
            AuthParameters: { USERNAME: login, PASSWORD: password },
          }),
        );
        expect(auth.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      }
    }
    for (const r of lotB) expect(await smsTo(r.phone)).toHaveLength(0);
    expect((await call(operator, 'GET', `/v1/lots/${lot1.lotId}`)).body).toMatchObject({ state: 'launched', enqueued: 8 });
    // Progress counters equal the truth: every lot-1 member notified, lot 2 still pending.
    const none = { pending: 0, notified: 0, reNotified: 0, bounced: 0, activated: 0, expired: 0 };
    expect((await call(operator, 'GET', `/v1/lots/${lot1.lotId}/progress`)).body).toEqual({ ...none, notified: 8 });
    expect((await call(operator, 'GET', '/v1/institutions/LOTA0001/progress')).body).toEqual({ ...none, notified: 8 });
    expect((await call(operator, 'GET', `/v1/lots/${lot2.lotId}/progress`)).body).toEqual({ ...none, pending: 4 });
    expect((await call(operator, 'GET', '/v1/institutions/LOTB0001/progress')).body).toEqual({ ...none, pending: 4 });

    // The canary: the temporary passwords live only in Cognito and in the SMS.
    const passwords = texts.map((list) => /([A-Za-z2-9!#%+=?@]{14})\s*$/.exec(list[0]?.message ?? '')?.[1] ?? 'missing');
    const db = new DynamoDBClient({
      endpoint: runtime.urls.dynamodb,
      region: 'eu-south-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const everything =
      JSON.stringify(await Promise.all(Object.values(runtime.resources.tables).map((t) => db.send(new ScanCommand({ TableName: t }))))) +
      JSON.stringify(await sesStore(runtime));
    for (const p of passwords) expect(everything).not.toContain(p);
  }, 120_000);

  it('running the launcher again sends nothing new', async () => {
    await runJob('launch-lots', lot1.launchAt);
    await new Promise((r) => setTimeout(r, 3000));
    for (const r of lotA) expect(await smsTo(r.phone)).toHaveLength(1);
    const mails = (await sesStore(runtime)).filter((m) => lotA.some((r) => m.destination.to.includes(r.oldAddress)));
    expect(mails).toHaveLength(lotA.length);
  }, 60_000);
});

describe('notice re-delivery', () => {
  it('after the cadence each notified member who did not sign in gets exactly one reminder, even if the sweep runs twice', async () => {
    const lotA = Array.from({ length: 8 }, (_, i) => italianRow(20_000 + i, 'LOTA0001'));
    const reminders = async () =>
      (await sesStore(runtime)).filter(
        (m) => lotA.some((r) => m.destination.to.includes(r.oldAddress)) && /promemoria|reminder/i.test(m.subject),
      );
    const eightDaysOn = new Date(Date.now() + 8 * 86_400_000).toISOString();
    await runJob('resend-notices', eightDaysOn);
    await runJob('resend-notices', eightDaysOn);
    const got = await eventually(reminders, (list) => list.length >= lotA.length, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(got).toHaveLength(lotA.length);
    expect(await reminders()).toHaveLength(lotA.length);
    const token = await tokenOf('operator');
    expect((await call(token, 'GET', '/v1/institutions/LOTA0001/progress')).body).toMatchObject({ notified: 8, reNotified: 8 });
    // A school admin reads only their own institution's progress.
    const adminToken = await tokenOf('school-admin');
    expect((await call(adminToken, 'GET', '/v1/institutions/LOTA0001/progress')).status).toBe(403);
    expect((await call(adminToken, 'GET', '/v1/institutions/DEMO001/progress')).status).toBe(200);
  }, 90_000);
});
