import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { loadProfile } from '../../shared/profiles';
import { PROGRESS_KEYS } from '../../shared/progress/progress-counters';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import {
  completeFirstSignIn,
  eventually,
  firstSignInChallenge,
  localClients,
  localDb,
  scanTable,
  sesStore,
} from '../helpers/local-clients';
import { launchMoment, untilPast } from '../helpers/profile-stack';
import { ROOT } from '../helpers/stack-process';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issues #3 and #4: signing in is acting. A member of a launched lot signs in against the local
 * Cognito with the temporary password from the SMS and answers NEW_PASSWORD_REQUIRED; cognito-local
 * runs the PostAuthentication trigger through the local Lambda endpoint, so the member is
 * activated, the chosen password recorded, the counters moved, and no reminder goes to them.
 */

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call, runImport } = apiClient(runtime, demoUsers);
const profile = loadProfile('it-miur');

const runJob = (name: string, at: string) =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir], {
    cwd: ROOT,
  });

const none = Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0]));
const db = localDb(runtime);
const directory = runtime.resources.tables.directory;

async function memberByLogin(login: string): Promise<Json> {
  const { Item: address } = await db.send(new GetCommand({ TableName: directory, Key: { pk: `ADDRESS#${login}`, sk: 'ADDRESS' } }));
  const { Item } = await db.send(new GetCommand({ TableName: directory, Key: { pk: `MEMBER#${address?.memberId}`, sk: 'MEMBER' } }));
  return Item as Json;
}

const smsTo = async (phone: string) =>
  (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[];
const passwordIn = (sms: SmsRecord | undefined) => /: (\S+)$/.exec(sms?.message ?? '')?.[1] ?? '';

describe('sign-in triggers: a member who signs in has acted (it-miur)', () => {
  const INSTITUTION = 'SIGN0001';
  const rows = Array.from({ length: 3 }, (_, i) => italianRow(42_000 + i, INSTITUTION));
  const login = (r: (typeof rows)[number]) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
  const [signsIn, onlyStarts, idle] = rows as [(typeof rows)[number], (typeof rows)[number], (typeof rows)[number]];
  const chosen = 'My-0wn-Passw0rd!';
  const { cognito } = localClients(runtime);
  const clientId = runtime.resources.userPoolClientId;
  let operator: string;
  let lot: Json;
  let temporary: Map<string, string>;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    expect((await runImport(operator, toCsv(rows))).counts.created).toBe(rows.length);
    lot = (
      await call(operator, 'POST', '/v1/lots', {
        name: 'Accessi',
        launchAt: launchMoment(),
        selection: { kind: 'institutions', institutionCodes: [INSTITUTION] },
      })
    ).body;
    expect(lot.memberCount).toBe(rows.length);
    // Launched as of its time once that has come: the test goes on in real time.
    await untilPast(lot.launchAt);
    await runJob('launch-lots', lot.launchAt);
    const texts = await eventually(
      () => Promise.all(rows.map((r) => smsTo(r.phone))),
      (all) => all.every((l) => l.length === 1),
      60_000,
    );
    temporary = new Map(rows.map((r, i) => [r.phone, passwordIn(texts[i]?.[0])]));
    // Notified = the provision consumer finished with every member (SMS out, notice queued).
    await eventually(
      () => Promise.all(rows.map((r) => memberByLogin(login(r)))),
      (all) => all.every((m) => m?.state === 'notified'),
      30_000,
    );
  }, 150_000);

  it('answering NEW_PASSWORD_REQUIRED activates the member, records the chosen password, and moves the counters', async () => {
    const before = Date.now();
    await completeFirstSignIn(runtime, login(signsIn), temporary.get(signsIn.phone) ?? '', chosen);

    // cognito-local awaits the trigger before it answers: the member is already written.
    const member = await memberByLogin(login(signsIn));
    expect(member).toMatchObject({ state: 'activated', noticesSent: 1 });
    expect(Date.parse(member.activatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(member.passwordChangedAt).toBe(member.activatedAt);
    expect(Date.parse(member.passwordChangedAt)).toBeGreaterThan(Date.parse(member.accountCreatedAt));
    // Out of the reminder index.
    expect(member.duePk).toBeUndefined();
    expect(member.dueSk).toBeUndefined();

    const moved = { ...none, notified: rows.length - 1, activated: 1 };
    expect((await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body).toEqual(moved);
    expect((await call(operator, 'GET', `/v1/institutions/${INSTITUTION}/progress`)).body).toEqual(moved);

    // Audited once each (activation and first password; the import's `member.created` and the launch's `notice.sent` aside), never with a password.
    // Every page of the trail: in a full run the shared stack's audit table outgrows one scan page.
    const audit = (await scanTable(db, runtime.resources.tables.audit)).filter((a) => a.target === member.memberId);
    const signInActions = audit.map((a) => a.action).filter((a) => a !== 'member.created' && a !== 'notice.sent');
    expect(signInActions.sort()).toEqual(['member.activated', 'password.first-set']);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(chosen);
    expect(text).not.toContain(temporary.get(signsIn.phone));
  });

  it('signing in again with the chosen password changes nothing', async () => {
    const before = await memberByLogin(login(signsIn));
    const again = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: login(signsIn), PASSWORD: chosen },
      }),
    );
    expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(await memberByLogin(login(signsIn))).toEqual(before);
    expect((await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body).toEqual({
      ...none,
      notified: rows.length - 1,
      activated: 1,
    });
  });

  it('a member who stops at the NEW_PASSWORD_REQUIRED challenge has not signed in: still notified', async () => {
    await firstSignInChallenge(runtime, login(onlyStarts), temporary.get(onlyStarts.phone) ?? '');
    const member = await memberByLogin(login(onlyStarts));
    expect(member.state).toBe('notified');
    expect(member.duePk).toMatch(/^NOTICE#/);
    expect(member).not.toHaveProperty('passwordChangedAt');
  });

  it(`resend-notices at launch + ${profile.notice.redeliveryEveryDays} days reminds the others once, and not the member who signed in`, async () => {
    const at = new Date(Date.parse(lot.launchAt) + profile.notice.redeliveryEveryDays * 86_400_000).toISOString();
    await runJob('resend-notices', at);
    await runJob('resend-notices', at);
    const reminders = async (r: (typeof rows)[number]) =>
      (await sesStore(runtime)).filter((m) => m.destination.to.includes(r.oldAddress) && /promemoria|reminder/i.test(m.subject));
    await eventually(
      async () => [...(await reminders(onlyStarts)), ...(await reminders(idle))],
      (l) => l.length >= 2,
      30_000,
    );
    await drained(runtime, ['email']);
    expect(await reminders(onlyStarts)).toHaveLength(1);
    expect(await reminders(idle)).toHaveLength(1);
    expect(await reminders(signsIn)).toHaveLength(0);
    expect((await memberByLogin(login(signsIn))).noticesSent).toBe(1);
    expect((await call(operator, 'GET', `/v1/lots/${lot.lotId}/progress`)).body).toEqual({
      ...none,
      notified: 2,
      reNotified: 2,
      activated: 1,
    });
  }, 90_000);

  it('the local Lambda endpoint also serves the PreAuthentication trigger (cognito-local never calls it)', async () => {
    const invoke = (name: string, event: unknown) =>
      fetch(`${runtime.urls.lambda}/2015-03-31/functions/${name}/invocations`, { method: 'POST', body: JSON.stringify(event) });
    const event = {
      version: '1',
      triggerSource: 'PreAuthentication_Authentication',
      region: 'local',
      userPoolId: runtime.resources.userPoolId,
      userName: login(idle),
      callerContext: { awsSdkVersion: 'x', clientId },
      request: { userAttributes: {} },
      response: {},
    };
    // The temporary password is hours old: within the 7-day deadline, so allowed (the event back).
    const allowed = await invoke('pre-authentication', event);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-amz-function-error')).toBeNull();
    // The user status was read from cognito-local and added, as Cognito would send it.
    expect(await allowed.json()).toMatchObject({
      userName: login(idle),
      request: { userAttributes: { 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' } },
    });
    expect((await invoke('no-such-trigger', event)).status).toBe(404);
  });
});
