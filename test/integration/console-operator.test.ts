import { readFileSync } from 'node:fs';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TEXTS } from '../../shared/i18n/problem-texts';
import { STALLED_AFTER_MS } from '../../shared/imports/import-job';
import { messages as groupTexts } from '../../web/src/desks/groups/messages';
import { wallClock } from '../../web/src/desks/operator/launch-time';
import { messages as operatorTexts } from '../../web/src/desks/operator/messages';
import { messages as reportTexts } from '../../web/src/desks/reports/messages';
import { messages as resetTexts } from '../../web/src/desks/resets/messages';
import { messages as schoolTexts } from '../../web/src/desks/school/messages';
import { messages as supportTexts } from '../../web/src/desks/support/messages';
import type { Locale } from '../../web/src/i18n/catalog';
import type { Json } from '../helpers/api-client';
import { ConsoleSession, launchChromium, until, type ViewportName } from '../helpers/console-browser';
import { nthSms, open, secretAtEnd, signIn, smsCount } from '../helpers/console-flows';
import { drained } from '../helpers/drain';
import { SMALL_PDF, smallPdfFile } from '../helpers/form-scan';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { completeFirstSignIn, eventually, localClients, scanTable } from '../helpers/local-clients';
import { launchMoment, type ProfileStack, profileStack, runJob, untilPast } from '../helpers/profile-stack';
import { italianMobile, italianRow, russianRow, type StaffRow, toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * The operator's desk and the resets desk in Chromium, as each role works (issue #16).
 * it-miur (shared stack): the demo operator registers an institution, creates a lot of the next
 * N pending staff, schedules and moves it, launches it with the launch job "as of" its time and
 * watches the progress bar reach the end, resumes the launch; the rollout lists it, the reports
 * desk gives its figures as CSV; a lot for a late
 * arrival is cancelled after a confirmation; a role is granted by login and revoked; an import
 * the server says stopped (`stalled`) is resumed from the school desk's import page and completes;
 * a launched member re-imported with a new phone shows the hold on the support desk's member page,
 * the reset there is refused, the operator confirms the change and the account's recovery phone
 * (Cognito's, where reset codes go) is the new one.
 * tr-meb (a stack of its own): members made by import + launch, made officer and approver by the
 * operator through the API; the officer files a reset with the signed form's data, the member's
 * new SMS password works (Cognito) and is on no page nor in any answer the pages received; the
 * officer attaches the form's scan (a PDF picked from a file) and the approver sees the outcome,
 * the scan attached and a link that gives the very file; the officer opening the operator's page
 * by URL sees the API's 403.
 * ru-moscow (two-person approval, the scan required; members made by activation): the officer
 * files, the approver's approval is refused until the officer attaches the scan, then the approver
 * opens it and approves in their queue, the member's SMS password works and is on no page; a moderator creates
 * a mailing list, adds a member, approves a request to join, removes a member, opens the list to
 * every member with an owner, and deletes it after a confirmation; the moderator
 * opening the resets desk by URL sees the API's 403.
 * axe on every page, screenshots under test-results/console/operator/.
 */

let browser: Browser;
const stacks: Partial<Record<'it-miur' | 'tr-meb' | 'ru-moscow', Promise<ProfileStack>>> = {};

beforeAll(async () => {
  // The two stacks of their own start one after the other (two DynamoDB Locals starting at once crowd a 2-core machine).
  stacks['tr-meb'] = profileStack('tr-meb');
  stacks['ru-moscow'] = stacks['tr-meb'].catch(() => undefined).then(() => profileStack('ru-moscow'));
  for (const p of Object.values(stacks)) p?.catch(() => undefined);
  stacks['it-miur'] = profileStack('it-miur');
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(stacks).map(async (p) => (await p?.catch(() => undefined))?.stop()));
}, 60_000);

/** Every API answer a page received, for the "no password anywhere" check. */
function recordAnswers(s: ConsoleSession): string[] {
  const bodies: string[] = [];
  s.page.on('response', async (r) => {
    if (!new URL(r.url()).pathname.startsWith('/v1/')) return;
    bodies.push(await r.text().catch(() => ''));
  });
  return bodies;
}

/**
 * A person's browser, signed in on the console's sign-in page with their own password (landing on
 * their account), with every API answer its pages receive kept for the "no password anywhere" check.
 */
async function signedIn(
  stack: ProfileStack,
  who: { login: string; password: string },
  opts: { viewport: ViewportName; locale: Locale; folder: string },
): Promise<{ s: ConsoleSession; answers: string[] }> {
  const s = await ConsoleSession.open(browser, { ...opts, folder: `operator/${opts.folder}`, axe: true });
  const answers = recordAnswers(s);
  await open(s, stack.runtime, '/sign-in');
  await signIn(s, who.login, who.password);
  await s.page.waitForURL(/\/account/);
  return { s, answers };
}

const pick = (s: ConsoleSession, name: string) => s.page.getByRole('radio', { name, exact: true }).check();

describe('it-miur: the operator registers an institution, runs a lot of the next pending staff, grants a role', () => {
  const CODE = 'OPDK0001';
  const rows = [italianRow(93_000, CODE), italianRow(93_001, CODE), italianRow(93_002, CODE)];
  const loginOf = (r: StaffRow) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
  let stack: ProfileStack;

  beforeAll(async () => {
    stack = (await stacks['it-miur']) as ProfileStack;
  });

  it('institutions → lot of the next 3 pending → scheduled, moved, launched as of its time, resumed → progress to the end → rollout → its report and CSV → a lot cancelled → a role by login, revoked → a stopped import resumed', async () => {
    const operator = stack.demoUsers.find((u) => u.role === 'operator') as { login: string; password: string };
    const { s } = await signedIn(stack, operator, { viewport: 'desktop', locale: 'it', folder: 'it-miur' });
    const t = (key: string, params?: Json) => s.deskT(operatorTexts, key, params);
    const page = s.page;
    // The menu offers the operator's desk (roles from GET /v1/me).
    await page
      .getByRole('link', { name: s.t('desks.institutions'), exact: true })
      .first()
      .click();
    await s.check('institutions', t('institutions.title'));

    // Register the institution; an empty name is refused by the API, under its field.
    await page.getByLabel(t('institutions.code'), { exact: true }).fill(CODE);
    await page.getByRole('button', { name: t('institutions.save'), exact: true }).click();
    await until(() => page.getByText(t('desk.invalidTitle'), { exact: true }).count()).toBe(1);
    await page.getByLabel(t('institutions.name'), { exact: true }).fill('Istituto Comprensivo Console');
    await page.getByLabel(t('institutions.city'), { exact: true }).fill('Roma');
    await page.getByLabel(t('institutions.region'), { exact: true }).fill('lazio');
    await page.getByRole('button', { name: t('institutions.save'), exact: true }).click();
    await until(() => page.getByText(t('institutions.registered', { code: CODE }), { exact: true }).count()).toBe(1);
    await s.check('institution-saved', t('institutions.title'));
    expect((await stack.api.call(await stack.api.tokenOf('operator'), 'GET', `/v1/institutions?limit=100`)).body.items).toContainEqual(
      expect.objectContaining({ code: CODE, name: 'Istituto Comprensivo Console', city: 'Roma', region: 'lazio' }),
    );

    // The pool of pending staff in no lot: anything earlier files left there goes into a lot of
    // its own far ahead first, so "the next 3" are this file's three (imported now, the newest).
    const token = await stack.api.tokenOf('operator');
    const left = (await scanTable(stack.db, stack.runtime.resources.tables.directory)).filter(
      (m) => m.sk === 'MEMBER' && m.state === 'pending' && !m.lotId,
    ).length;
    if (left > 0) {
      const parked = await stack.api.call(token, 'POST', '/v1/lots', {
        name: 'Parked by console-operator',
        launchAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        selection: { kind: 'next-pending', count: Math.min(left, 1000) },
      });
      expect(parked.status).toBe(201);
    }
    expect((await stack.api.runImport(token, toCsv(rows))).counts.created).toBe(3);

    // A lot of the next 3 pending, three days ahead at 09:00 Rome time.
    await page
      .getByRole('link', { name: s.t('desks.lots'), exact: true })
      .first()
      .click();
    await s.check('lots', t('lots.title'));
    const day = (days: number) => wallClock(new Date(Date.now() + days * 86_400_000), 'Europe/Rome').date.replaceAll('-', '/');
    await page.getByLabel(t('lots.name'), { exact: true }).fill('Console: i prossimi 3');
    await pick(s, t('lots.nextPending'));
    await page.getByLabel(t('lots.count'), { exact: true }).fill('3');
    await page.getByLabel(t('lots.launchDate'), { exact: true }).fill(day(3));
    await page.getByLabel(t('lots.launchTime'), { exact: true }).fill('09:00');
    await page.getByRole('button', { name: t('lots.create'), exact: true }).click();
    await page.waitForURL(/\/operator\/lots\/[0-9a-f-]{36}$/);
    const lotId = page.url().split('/').at(-1) as string;
    await s.check('lot-scheduled', t('lot.title', { name: 'Console: i prossimi 3' }));
    const created = (await stack.api.call(token, 'GET', `/v1/lots/${lotId}`)).body;
    expect(created).toMatchObject({ state: 'scheduled', memberCount: 3, selection: { kind: 'next-pending', count: 3 } });
    expect(wallClock(new Date(created.launchAt), 'Europe/Rome')).toEqual({ date: day(3).replaceAll('/', '-'), time: '09:00' });
    await until(() => page.getByText(t('lot.progressValue', { done: 0, total: 3 }), { exact: true }).count()).toBeGreaterThan(0);

    // Moved a day earlier, to 08:30.
    await page.getByLabel(t('lots.launchDate'), { exact: true }).fill(day(2));
    await page.getByLabel(t('lots.launchTime'), { exact: true }).fill('08:30');
    await page.getByRole('button', { name: t('lot.move'), exact: true }).click();
    const moved = await eventually(
      async () => (await stack.api.call(token, 'GET', `/v1/lots/${lotId}`)).body,
      (l) => l.launchAt !== created.launchAt,
    );
    expect(wallClock(new Date(moved.launchAt), 'Europe/Rome')).toEqual({ date: day(2).replaceAll('/', '-'), time: '08:30' });
    await s.check('lot-moved', t('lot.title', { name: 'Console: i prossimi 3' }));

    // Launched by the scheduler's job "as of" the lot's time; the page, polling, shows it move to the end.
    await runJob(stack.runtime, 'launch-lots', moved.launchAt);
    await until(() => page.getByText(t('lot.progressValue', { done: 3, total: 3 }), { exact: true }).count()).toBeGreaterThan(0);
    // Resumed while launching (as for a stalled launch): the job walks its members again, those done are skipped.
    await page.getByRole('button', { name: t('lot.resume'), exact: true }).click();
    await until(() => page.getByText(t('lot.resumed'), { exact: true }).count()).toBe(1);
    const resumed = (await stack.api.call(token, 'GET', `/v1/audit?target=${lotId}`)).body.items;
    expect(resumed).toContainEqual(expect.objectContaining({ action: 'lot.resumed', outcome: 'success' }));
    await runJob(stack.runtime, 'launch-lots', moved.launchAt);
    await drained(stack.runtime, ['provision', 'email']);
    await runJob(stack.runtime, 'launch-lots', moved.launchAt);
    await until(() => page.getByText(t('lots.states.launched'), { exact: true }).count()).toBeGreaterThan(0);
    await s.check('lot-launched', t('lot.title', { name: 'Console: i prossimi 3' }));

    // The rollout across lots lists it, launched, with its three members.
    await page.getByRole('link', { name: t('lot.back'), exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'Console: i prossimi 3' });
    // Lots come by launch time, 50 a page: "load more" on the server's cursor until it is there.
    await until(async () => {
      if ((await row.count()) > 0) return 1;
      const more = page.getByRole('button', { name: t('desk.loadMore'), exact: true });
      if ((await more.count()) > 0 && (await more.isEnabled())) await more.click();
      return 0;
    }).toBe(1);
    expect(await row.textContent()).toContain(t('lots.states.launched'));
    await s.check('rollout', t('lots.title'));

    // The reports desk's per-lot figures: the lot chosen among the lots, its progress downloaded as CSV.
    const r = (key: string) => s.deskT(reportTexts, key);
    await page
      .getByRole('link', { name: s.t('desks.reports'), exact: true })
      .first()
      .click();
    await page
      .getByRole('button', { name: r('reports.lot'), exact: false })
      .first()
      .click();
    await page.getByRole('option').filter({ hasText: 'Console: i prossimi 3' }).click();
    await until(() => page.getByRole('button', { name: r('desk.download'), exact: true }).count()).toBeGreaterThan(0);
    await s.check('report-lot', r('reports.title'));
    const [lotCsv] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: r('desk.download'), exact: true })
        .last()
        .click(),
    ]);
    expect(lotCsv.suggestedFilename()).toBe(`progress-lot-${lotId}.csv`);
    const figures = readFileSync((await lotCsv.path()) as string, 'utf8').replace('\uFEFF', '');
    expect(figures.split('\r\n')[0]).toBe(`"${r('reports.measure')}","${r('reports.value')}"`);
    expect(figures).toMatch(/,"3"\r\n/);

    // Past the first page: with more than 100 lots, the last of them (by launch time) can be chosen too.
    const listed = async (cursor?: string): Promise<number> => {
      const got = (await stack.api.call(token, 'GET', `/v1/lots?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body;
      return got.items.length + (got.nextCursor ? await listed(got.nextCursor) : 0);
    };
    const far = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    // Empty lots (a member id no one has), far ahead, then the one to find after them.
    const nobody = { kind: 'members', memberIds: ['m-000000000000000000000000'] };
    for (let n = await listed(); n < 101; n++) {
      expect((await stack.api.call(token, 'POST', '/v1/lots', { name: `Filler ${n}`, launchAt: far(500), selection: nobody })).status).toBe(
        201,
      );
    }
    const last = await stack.api.call(token, 'POST', '/v1/lots', {
      name: 'Console: oltre la prima pagina',
      launchAt: far(501),
      selection: nobody,
    });
    expect(last.status).toBe(201);
    await page.reload();
    await page
      .getByRole('button', { name: r('reports.lot'), exact: false })
      .first()
      .click();
    await page.getByRole('option').filter({ hasText: 'Console: oltre la prima pagina' }).click();
    await until(() => page.getByRole('button', { name: r('desk.download'), exact: true }).count()).toBeGreaterThan(0);

    // A lot for a late arrival, far ahead, cancelled from its page after the confirmation.
    const late = italianRow(93_003, CODE);
    expect((await stack.api.runImport(token, toCsv([late]))).counts.created).toBe(1);
    const extra = await stack.api.call(token, 'POST', '/v1/lots', {
      name: 'Console: da annullare',
      launchAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      selection: { kind: 'members', memberIds: await memberIds(stack, [late]) },
    });
    expect(extra.status).toBe(201);
    await open(s, stack.runtime, `/operator/lots/${extra.body.lotId}`);
    await page.getByRole('button', { name: t('lot.cancel'), exact: true }).click();
    await page.getByRole('button', { name: t('desk.confirm'), exact: true }).click();
    await until(() => page.getByText(t('lot.cancelled'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('lots.states.cancelled'), { exact: true }).count()).toBeGreaterThan(0);
    expect((await stack.api.call(token, 'GET', `/v1/lots/${extra.body.lotId}`)).body.state).toBe('cancelled');

    // A role by login, in English: one of the new teachers becomes school admin of the institution.
    await page
      .getByRole('link', { name: s.t('desks.roles'), exact: true })
      .first()
      .click();
    await s.check('roles', t('roles.title'));
    await page.getByRole('button', { name: 'English', exact: true }).click();
    const en = (key: string) => s.deskT({ ...operatorTexts, it: operatorTexts.en }, key);
    await until(() => page.getByRole('heading', { level: 1, name: en('roles.title') }).count()).toBe(1);
    await page.getByLabel(en('roles.login'), { exact: true }).fill(loginOf(rows[0] as StaffRow));
    await page.getByRole('button', { name: en('roles.find'), exact: true }).click();
    await until(() => page.getByText(en('roles.none'), { exact: true }).count()).toBe(1);
    await pick(s, en('roles.names.school-admin'));
    await page.getByLabel(en('roles.institutionCode'), { exact: true }).fill(CODE);
    await page.getByRole('button', { name: en('roles.grant'), exact: true }).click();
    await until(() => page.getByText(en('roles.granted'), { exact: true }).count()).toBe(1);
    await until(() => page.getByRole('row').filter({ hasText: CODE }).count()).toBe(1);
    await s.check('roles-granted-en', en('roles.title'));
    const { sub } = (await stack.api.call(token, 'GET', `/v1/users/${encodeURIComponent(loginOf(rows[0] as StaffRow))}`)).body;
    expect((await stack.api.call(token, 'GET', `/v1/role-assignments?sub=${sub}`)).body.items).toEqual([
      expect.objectContaining({ role: 'school-admin', institutionCode: CODE }),
    ]);
    // Revoked from its row: gone from the table and from the API's list.
    await page.getByRole('button', { name: `${en('roles.revoke')}: ${en('roles.names.school-admin')} ${CODE}`, exact: true }).click();
    await until(() => page.getByText(en('roles.revoked'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(en('roles.none'), { exact: true }).count()).toBe(1);
    expect((await stack.api.call(token, 'GET', `/v1/role-assignments?sub=${sub}`)).body.items).toEqual([]);
    await page.getByRole('button', { name: 'Italiano', exact: true }).click();

    // An import that stopped moving, resumed from the school desk's import page. Made through the
    // API (created, uploaded); then its job set to what a crash after its first chunk began leaves
    // (running, nothing counted, not moved for longer than the threshold, its chunk message lost):
    // a seeded set-up of the crash only. The server says `stalled`; the operator resumes it.
    const st = (key: string, params?: Json) => s.deskT(schoolTexts, key, params);
    const stuckRows = [italianRow(93_010, CODE), italianRow(93_011, CODE)];
    const opened = await stack.api.call(token, 'POST', '/v1/imports', { format: 'csv', institutionCode: CODE });
    expect(opened.status).toBe(201);
    const { jobId, upload } = opened.body;
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: toCsv(stuckRows) })).status).toBe(200);
    const longAgo = new Date(Date.now() - STALLED_AFTER_MS - 60_000).toISOString();
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.runtime.resources.tables.directory,
        Key: { pk: `IMPORT#${jobId}`, sk: 'JOB' },
        UpdateExpression: 'SET #state = :running, startedAt = :at, progressedAt = :at, counts.#rows = :rows',
        ExpressionAttributeNames: { '#state': 'state', '#rows': 'rows' },
        ExpressionAttributeValues: { ':running': 'running', ':at': longAgo, ':rows': stuckRows.length },
      }),
    );
    expect((await stack.api.call(token, 'GET', `/v1/imports/${jobId}`)).body).toMatchObject({ state: 'running', stalled: true });
    await open(s, stack.runtime, `/school/${CODE}/import?job=${jobId}`);
    await until(() => page.getByText(st('import.stalled'), { exact: true }).count()).toBe(1);
    await s.check('import-stalled', st('import.title', { code: CODE }));
    await page.getByRole('button', { name: st('import.resume'), exact: true }).click();
    await until(() => page.getByText(st('import.resumed', { row: 1 }), { exact: true }).count()).toBe(1);
    // The page carries on reading the job to its end: the stopped alert gone, the rows created.
    await until(() => page.getByText(st('import.done'), { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText(st('import.stalled'), { exact: true }).count()).toBe(0);
    await s.check('import-resumed', st('import.title', { code: CODE }));
    expect((await stack.api.call(token, 'GET', `/v1/imports/${jobId}`)).body).toMatchObject({
      state: 'completed',
      stalled: false,
      counts: { rows: 2, processed: 2, created: 2, rejected: 0 },
    });
    await s.close();
  }, 240_000);

  it('a re-imported phone is held on the member page: a reset is refused; the operator confirms the change there and the account’s reset codes follow the new phone', async () => {
    const HOLD = 'OPHD0001';
    const row = italianRow(93_020, HOLD);
    const newPhone = italianMobile(93_120);
    const token = await stack.api.tokenOf('operator');
    const { memberIds, lot } = await launchSmallLot(stack, token, { name: 'Held phone', institutionCode: HOLD, rows: [row] });
    const memberId = memberIds[0] as string;
    expect((await stack.api.runImport(token, toCsv([{ ...row, phone: newPhone }]))).counts).toMatchObject({ updated: 1 });

    const operator = stack.demoUsers.find((u) => u.role === 'operator') as { login: string; password: string };
    const { s } = await signedIn(stack, operator, { viewport: 'desktop', locale: 'it', folder: 'it-miur-hold' });
    const t = (key: string, params?: Json) => s.deskT(supportTexts, key, params);
    const page = s.page;
    await open(s, stack.runtime, `/support/members/${memberId}`);
    const title = t('support.member.title', { name: `${row.givenName} ${row.familyName}` });
    await until(() => page.getByText(t('support.hold.title'), { exact: true }).count()).toBe(1);
    await s.check('member-held', title);
    // The operator opens the member's lot from here.
    expect(await page.getByRole('link', { name: lot.lotId, exact: true }).getAttribute('href')).toBe(`/operator/lots/${lot.lotId}`);

    // Held: the desk's reset is refused with the API's 409, in words; nothing goes to the new phone.
    const reasons = page.getByLabel(t('support.reason'), { exact: true });
    await reasons.nth(1).fill('Ha perso il telefono');
    await page.getByRole('button', { name: t('support.reset.submit'), exact: true }).click();
    await until(() => page.getByText(PROBLEM_TEXTS.channel_recently_changed.it, { exact: false }).count()).toBeGreaterThan(0);
    expect(await smsCount(stack.runtime, newPhone)).toBe(0);

    // The operator confirms, with a reason: the alert goes, the answer says reset codes follow.
    await reasons.nth(0).fill('Ticket 4411: il docente ha confermato il nuovo numero di persona');
    await page.getByRole('button', { name: t('support.confirm.submit'), exact: true }).click();
    const done = [t('support.confirm.done'), t('support.confirm.recoveryPhone')].join(' ');
    await until(() => page.getByText(done, { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('support.hold.title'), { exact: true }).count()).toBe(0);
    await s.check('member-confirmed', title);
    const user = await localClients(stack.runtime).cognito.send(
      new AdminGetUserCommand({ UserPoolId: stack.runtime.resources.userPoolId, Username: loginOf(row) }),
    );
    expect(user.UserAttributes?.find((a) => a.Name === 'phone_number')?.Value).toBe(newPhone);
    await s.close();
  }, 180_000);

  it('institutions from a CSV file: one bad row refuses the file, the row named in a table, nothing registered; corrected, all three registered', async () => {
    const operator = stack.demoUsers.find((u) => u.role === 'operator') as { login: string; password: string };
    const { s } = await signedIn(stack, operator, { viewport: 'desktop', locale: 'it', folder: 'it-miur-bulk' });
    const t = (key: string, params?: Json) => s.deskT(operatorTexts, key, params);
    const page = s.page;
    const token = await stack.api.tokenOf('operator');
    const registered = async () =>
      ((await stack.api.call(token, 'GET', '/v1/institutions?prefix=OPBK&limit=100')).body.items as Json[]).map((i) => i.code).sort();
    await page
      .getByRole('link', { name: s.t('desks.institutions'), exact: true })
      .first()
      .click();
    await s.check('institutions', t('institutions.title'));

    // A school registry as the ministry exports it (Italian headers, semicolons); its second row has no name.
    const header = 'Codice meccanografico;Denominazione;Comune;Regione';
    const good = ['OPBK0001;IC Bulk Uno;Pisa;TOSCANA', 'OPBK0002;IC Bulk Due;Lucca;TOSCANA', 'OPBK0003;IC Bulk Tre;Siena;TOSCANA'];
    const file = (lines: string[]) => ({
      name: 'anagrafe.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`),
    });
    await page.locator('input[type="file"]').setInputFiles(file([good[0] as string, 'OPBK0002;;Lucca;TOSCANA', good[2] as string]));
    await page.getByRole('button', { name: t('institutions.bulk.submit'), exact: true }).click();
    const problems = page.getByRole('table').filter({ hasText: t('institutions.bulk.problem') });
    const row2 = problems.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) });
    await until(() => row2.count()).toBe(1);
    expect(await row2.getByRole('cell').first().textContent()).toBe(t('institutions.name'));
    expect(await problems.getByRole('rowheader').count()).toBe(1);
    await until(() => page.getByText(t('desk.invalidTitle'), { exact: true }).count()).toBe(1);
    await s.check('institutions-bulk-refused', t('institutions.title'));
    expect(await registered()).toEqual([]);

    // Corrected: all three registered, the count said, the registry lists them.
    await page.locator('input[type="file"]').setInputFiles(file(good));
    await page.getByRole('button', { name: t('institutions.bulk.submit'), exact: true }).click();
    const done = t('institutions.bulk.done', { count: 3, registered: 3, updated: 0, unchanged: 0 });
    await until(() => page.getByText(done, { exact: true }).count()).toBe(1);
    expect(await problems.count()).toBe(0);
    await s.check('institutions-bulk-registered', t('institutions.title'));
    expect(await registered()).toEqual(['OPBK0001', 'OPBK0002', 'OPBK0003']);
    await s.close();
  }, 120_000);
});

describe('tr-meb: an officer files a reset with the signed form, the member’s SMS password works and is on no page', () => {
  const officerRow = turkishRow(800);
  const approverRow = turkishRow(801);
  const memberRow = turkishRow(802);
  const loginOf = (r: StaffRow) => `${(r as Json).latinLocal}@meb.k12.tr`;
  const OWN = 'Kendi-Parolam-2027!';
  let stack: ProfileStack;

  beforeAll(async () => {
    stack = (await stacks['tr-meb']) as ProfileStack;
    const operator = await stack.api.tokenOf('operator');
    const rows = [officerRow, approverRow, memberRow];
    expect((await stack.api.runImport(operator, toCsv(rows))).counts.created).toBe(3);
    const lot = await stack.api.call(operator, 'POST', '/v1/lots', {
      name: 'Console resets',
      launchAt: launchMoment(),
      selection: { kind: 'members', memberIds: await memberIds(stack, rows) },
    });
    expect(lot.body.memberCount).toBe(3);
    await untilPast(lot.body.launchAt);
    await runJob(stack.runtime, 'launch-lots', lot.body.launchAt);
    // The officer and the approver sign in once, choose their own passwords, and are granted their roles through the API.
    for (const [row, role] of [
      [officerRow, 'officer'],
      [approverRow, 'approver'],
    ] as const) {
      const temporary = secretAtEnd(await nthSms(stack.runtime, row.phone, 1));
      const own = (await completeFirstSignIn(stack.runtime, loginOf(row), temporary, OWN)).AccessToken;
      const { sub } = (await stack.api.call(own, 'GET', '/v1/me')).body;
      const granted = await stack.api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, { role, institutionCode: 'DEMO001' });
      expect(granted.status).toBe(200);
    }
    await nthSms(stack.runtime, memberRow.phone, 1);
  }, 240_000);

  it('officer: find the member → the form → done, SMS sent → the new password signs in; approver: the outcome; the operator’s desk is 403 for the officer', async () => {
    const member = loginOf(memberRow);
    const { s, answers } = await signedIn(
      stack,
      { login: loginOf(officerRow), password: OWN },
      { viewport: 'phone', locale: 'tr', folder: 'tr-meb-officer' },
    );
    const t = (key: string, params?: Json) => s.deskT(resetTexts, key, params);
    const page = s.page;
    await open(s, stack.runtime, '/resets');
    await s.check('resets-officer', t('resets.title'));
    await until(() => page.getByText(t('resets.recordedForm'), { exact: true }).count()).toBe(1);

    await page.getByLabel(t('resets.search'), { exact: true }).fill(member.split('@')[0] as string);
    await page.getByRole('button', { name: t('resets.searchButton'), exact: true }).click();
    await page.getByRole('button', { name: `${t('resets.choose')} ${member}`, exact: true }).click();
    // The form without its details: the API names each field.
    await page.getByLabel(t('resets.formNumber'), { exact: true }).fill('MEB-2026/0777');
    await page.getByRole('button', { name: t('resets.file'), exact: true }).click();
    await until(() => page.getByText(t('desk.invalidTitle'), { exact: true }).count()).toBe(1);
    await s.check('resets-form-invalid', t('resets.title'));
    const today = wallClock(new Date(), 'Europe/Istanbul').date.replaceAll('-', '/');
    await page.getByLabel(t('resets.signedOn'), { exact: true }).fill(today);
    await page.getByLabel(t('resets.approverName'), { exact: true }).fill('Ayşe Demir');
    await page.getByLabel(t('resets.approverTitle'), { exact: true }).fill('Okul Müdürü');
    await page.getByLabel(t('resets.archivedAt'), { exact: true }).fill('İdari arşiv, dolap 2');
    const before = (await nthSms(stack.runtime, memberRow.phone, 1)).message;
    await page.getByRole('button', { name: t('resets.file'), exact: true }).click();
    await until(() =>
      page.getByText(`${t('resets.outcomeTitle', { login: member })}: ${t('resets.outcomeDone')}`, { exact: true }).count(),
    ).toBe(1);
    await until(() => page.getByRole('row').filter({ hasText: 'MEB-2026/0777' }).count()).toBe(1);
    await s.check('resets-filed', t('resets.title'));
    // The signed form's scan: picked from a file, uploaded straight to storage, confirmed.
    await page.locator('input[type="file"]').setInputFiles(smallPdfFile());
    await page.getByRole('button', { name: t('resets.scanUpload'), exact: true }).click();
    await until(() => page.getByText(t('resets.scanAttached', { type: 'PDF', size: '1 kB' }), { exact: true }).count()).toBe(1);

    // The member's new temporary password came by SMS, and signs in (Cognito asks for their own).
    const sms = await nthSms(stack.runtime, memberRow.phone, 2);
    expect(sms.message).not.toBe(before);
    const password = secretAtEnd(sms);
    expect(password.length).toBeGreaterThanOrEqual(8);
    await completeFirstSignIn(stack.runtime, member, password, 'Yeni-Parolam-2027!');

    // The officer opening the operator's desk by URL: the API's 403, said clearly.
    await open(s, stack.runtime, '/operator/lots');
    await until(() => page.getByText(t('desk.forbiddenTitle'), { exact: true }).count()).toBeGreaterThan(0);
    await s.check('operator-desk-forbidden', s.deskT(operatorTexts, 'lots.title'));

    // The approver: the outcome in the institution's list (tr-meb: the recorded form is the approval).
    const { s: a, answers: approverAnswers } = await signedIn(
      stack,
      { login: loginOf(approverRow), password: OWN },
      { viewport: 'desktop', locale: 'tr', folder: 'tr-meb-approver' },
    );
    await a.page
      .getByRole('link', { name: a.t('desks.resets'), exact: true })
      .first()
      .click();
    const done = a.page.getByRole('row').filter({ hasText: 'MEB-2026/0777' });
    await until(() => done.count()).toBe(1);
    expect(await done.textContent()).toContain(t('resets.smsSent'));
    // The scan is attached; its link (short-lived, audited) opens the very file.
    expect(await done.textContent()).toContain(t('resets.scanAttachedShort'));
    await done.getByRole('button', { name: `${t('resets.scanShow')} MEB-2026/0777`, exact: true }).click();
    const link = done.getByRole('link', {
      name: new RegExp(`^${t('resets.scanOpen', { type: 'PDF', size: '1 kB' }).replace(/[()]/g, '\\$&')}`),
    });
    await until(() => link.count()).toBe(1);
    await a.check('resets-approver', t('resets.title'));
    const scan = await fetch((await link.getAttribute('href')) as string);
    expect(new Uint8Array(await scan.arrayBuffer())).toEqual(SMALL_PDF);
    // The approver does not file: no form for them.
    expect(await a.page.getByRole('heading', { name: t('resets.fileTitle') }).count()).toBe(0);

    // No page showed the password, and no answer the pages received held it.
    for (const session of [s, a]) expect((await session.page.locator('body').textContent()) ?? '').not.toContain(password);
    expect(answers.length).toBeGreaterThan(3);
    expect([...answers, ...approverAnswers].filter((b) => b.includes(password))).toEqual([]);
    await a.close();
    await s.close();
  }, 180_000);
});

describe('ru-moscow: a two-person reset approved in the queue; a moderator’s mailing list', () => {
  const [officerRow, approverRow, moderatorRow, memberRow, joinerRow] = [720, 721, 722, 723, 724].map((i) => russianRow(i));
  const loginOf = (r: StaffRow) => `${(r as Json).latinLocal}@edu.mos.ru`;
  const OWN = 'Svoi-Parol-2027!';
  let stack: ProfileStack;
  /** The joiner's own access token, to ask to join the list as staff do. */
  let joiner = '';

  /** Activation through the public API, as a member does it (SNILS + phone → SMS code → temporary password by SMS), then their own password. */
  async function activate(row: StaffRow): Promise<string> {
    const sent = await smsCount(stack.runtime, row.phone);
    const post = async (path: string, body: Json) => {
      const res = await fetch(`${stack.runtime.urls.api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const started = await post('/v1/activation', { nationalId: row.nationalId, phone: row.phone });
    expect(started.status).toBe(202);
    const code = secretAtEnd(await nthSms(stack.runtime, row.phone, sent + 1));
    const confirmed = await post(`/v1/activation/${started.body.attemptId}/confirm`, { code });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBeLessThan(300);
    const temporary = secretAtEnd(await nthSms(stack.runtime, row.phone, sent + 2));
    return (await completeFirstSignIn(stack.runtime, loginOf(row), temporary, OWN)).AccessToken;
  }

  beforeAll(async () => {
    stack = (await stacks['ru-moscow']) as ProfileStack;
    const operator = await stack.api.tokenOf('operator');
    const rows = [officerRow, approverRow, moderatorRow, memberRow, joinerRow] as StaffRow[];
    expect((await stack.api.runImport(operator, toCsv(rows))).counts.created).toBe(5);
    const admin = await stack.api.tokenOf('school-admin');
    expect((await stack.api.call(admin, 'POST', '/v1/institutions/DEMO001/activation-notices', {})).body.queued).toBeGreaterThanOrEqual(5);
    for (const r of rows) await nthSms(stack.runtime, r.phone, 1);
    for (const [row, role] of [
      [officerRow, 'officer'],
      [approverRow, 'approver'],
      [moderatorRow, 'moderator'],
    ] as const) {
      const own = await activate(row as StaffRow);
      const { sub } = (await stack.api.call(own, 'GET', '/v1/me')).body;
      expect((await stack.api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, { role, institutionCode: 'DEMO001' })).status).toBe(200);
    }
    await activate(memberRow as StaffRow);
    joiner = await activate(joinerRow as StaffRow);
  }, 300_000);

  it('officer files → awaiting approval → the approver approves in the queue → the SMS password signs in, on no page', async () => {
    const member = loginOf(memberRow as StaffRow);
    const { s: o, answers } = await signedIn(
      stack,
      { login: loginOf(officerRow as StaffRow), password: OWN },
      { viewport: 'phone', locale: 'ru', folder: 'ru-moscow-officer' },
    );
    const t = (key: string, params?: Json) => o.deskT(resetTexts, key, params);
    await open(o, stack.runtime, '/resets');
    await o.check('resets-officer', t('resets.title'));
    await o.page.getByLabel(t('resets.search'), { exact: true }).fill(member.split('@')[0] as string);
    await o.page.getByRole('button', { name: t('resets.searchButton'), exact: true }).click();
    await o.page.getByRole('button', { name: `${t('resets.choose')} ${member}`, exact: true }).click();
    await o.page.getByLabel(t('resets.formNumber'), { exact: true }).fill('РП-2026/017');
    await o.page.getByLabel(t('resets.signedOn'), { exact: true }).fill(wallClock(new Date(), 'Europe/Moscow').date.replaceAll('-', '/'));
    await o.page.getByLabel(t('resets.approverName'), { exact: true }).fill('Иванова А. П.');
    await o.page.getByLabel(t('resets.approverTitle'), { exact: true }).fill('Директор');
    await o.page.getByLabel(t('resets.archivedAt'), { exact: true }).fill('Канцелярия, шкаф 4');
    const sent = await smsCount(stack.runtime, (memberRow as StaffRow).phone);
    await o.page.getByRole('button', { name: t('resets.file'), exact: true }).click();
    await until(() => o.page.getByRole('row').filter({ hasText: 'РП-2026/017' }).count()).toBe(1);
    expect((await o.page.locator('main').textContent()) ?? '').toContain(t('resets.states.awaiting-approval'));
    await o.check('resets-awaiting', t('resets.title'));
    // Nothing went to the member yet: a second person must approve.
    expect(await smsCount(stack.runtime, (memberRow as StaffRow).phone)).toBe(sent);

    const { s: a, answers: approverAnswers } = await signedIn(
      stack,
      { login: loginOf(approverRow as StaffRow), password: OWN },
      { viewport: 'desktop', locale: 'ru', folder: 'ru-moscow-approver' },
    );
    await a.page
      .getByRole('link', { name: a.t('desks.resets'), exact: true })
      .first()
      .click();
    const approve = a.page.getByRole('button', { name: `${t('resets.approve')} РП-2026/017`, exact: true });
    await until(() => approve.count()).toBe(1);
    // ru-moscow requires the signed form's scan: the API's refusal, said in Russian.
    await approve.click();
    await until(() => a.page.getByText(PROBLEM_TEXTS.form_scan_required.ru, { exact: false }).count()).toBeGreaterThan(0);
    await o.page.locator('input[type="file"]').setInputFiles(smallPdfFile());
    await o.page.getByRole('button', { name: t('resets.scanUpload'), exact: true }).click();
    await until(() => o.page.getByText(t('resets.scanAttached', { type: 'PDF', size: '1 кБ' }), { exact: true }).count()).toBe(1);
    await a.page.reload();
    await a.page.getByRole('button', { name: `${t('resets.scanShow')} РП-2026/017`, exact: true }).click();
    await until(() =>
      a.page
        .getByRole('link', { name: new RegExp(`^${t('resets.scanOpen', { type: 'PDF', size: '1 кБ' }).replace(/[()]/g, '\\$&')}`) })
        .count(),
    ).toBe(1);
    await a.check('resets-queue', t('resets.title'));
    await approve.click();
    await until(() => a.page.getByText(t('resets.approved'), { exact: true }).count()).toBe(1);
    await a.check('resets-approved', t('resets.title'));

    const password = secretAtEnd(await nthSms(stack.runtime, (memberRow as StaffRow).phone, sent + 1));
    await completeFirstSignIn(stack.runtime, member, password, 'Novyi-Parol-2027!');
    for (const session of [o, a]) expect((await session.page.locator('body').textContent()) ?? '').not.toContain(password);
    expect([...answers, ...approverAnswers].filter((b) => b.includes(password))).toEqual([]);
    await a.close();
    await o.close();
  }, 180_000);

  it('moderator: a new list → a member added → a request to join approved → a member removed → open, an owner → deleted; the resets desk is 403 for them', async () => {
    const { s } = await signedIn(
      stack,
      { login: loginOf(moderatorRow as StaffRow), password: OWN },
      { viewport: 'phone', locale: 'ru', folder: 'ru-moscow-moderator' },
    );
    const t = (key: string, params?: Json) => s.deskT(groupTexts, key, params);
    const page = s.page;
    await page
      .getByRole('link', { name: s.t('desks.groups'), exact: true })
      .first()
      .click();
    await s.check('groups', t('groups.title'));
    // A name the API refuses (upper case and a space), then a good one.
    await page.getByLabel(t('groups.name'), { exact: true }).fill('Учителя 5А');
    await page.getByRole('button', { name: t('groups.create'), exact: true }).click();
    await until(() => page.getByText(s.deskT(groupTexts, 'desk.invalidTitle'), { exact: true }).count()).toBeGreaterThan(0);
    await s.check('groups-name-refused', t('groups.title'));
    await page.getByLabel(t('groups.name'), { exact: true }).fill('uchitelya-5a');
    await page.getByLabel(t('groups.displayName'), { exact: true }).fill('Учителя 5А');
    await page.getByRole('button', { name: t('groups.create'), exact: true }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupId = page.url().split('/').at(-1) as string;
    await s.check('group', 'uchitelya-5a@edu.mos.ru');

    const member = loginOf(memberRow as StaffRow);
    await page.getByLabel(t('group.member'), { exact: true }).fill(member);
    await page.getByRole('button', { name: t('group.add'), exact: true }).click();
    await until(() => page.getByText(t('group.added', { address: member }), { exact: true }).count()).toBe(1);

    // A teacher asks to join (as staff do, through the API); the moderator sees it and approves.
    expect((await stack.api.call(joiner, 'POST', `/v1/groups/${groupId}/join-requests`, {})).status).toBeLessThan(300);
    await page.reload();
    const joinerLogin = loginOf(joinerRow as StaffRow);
    await page.getByRole('button', { name: `${t('group.approve')} ${joinerLogin}`, exact: true }).click();
    await until(() => page.getByText(t('group.approved', { address: joinerLogin }), { exact: true }).count()).toBe(1);
    await until(() => page.getByRole('button', { name: `${t('group.remove')} ${joinerLogin}`, exact: true }).count()).toBe(1);
    await s.check('group-members', 'uchitelya-5a@edu.mos.ru');
    // An edit of the settings begun before another action on the page outlives the list's re-read.
    const owners = page.getByRole('textbox', { name: t('group.owners'), exact: true });
    await owners.fill(joinerLogin);
    await page.getByRole('button', { name: `${t('group.remove')} ${member}`, exact: true }).click();
    await until(() => page.getByText(t('group.removed', { address: member }), { exact: true }).count()).toBe(1);
    await until(() => page.getByText('(1)', { exact: true }).count()).toBeGreaterThan(0);
    expect(await owners.inputValue()).toBe(joinerLogin);
    const operator = await stack.api.tokenOf('operator');
    const list = (await stack.api.call(operator, 'GET', `/v1/groups/${groupId}`)).body;
    expect(list.members.map((m: Json) => m.address)).toEqual([joinerLogin]);

    // Settings: open to every member, the joiner made owner; then the list deleted after a confirmation, gone from the table.
    await pick(s, t('groups.open'));
    await page.getByRole('button', { name: t('group.save'), exact: true }).click();
    await until(() => page.getByText(t('group.saved'), { exact: true }).count()).toBe(1);
    expect((await stack.api.call(operator, 'GET', `/v1/groups/${groupId}`)).body).toMatchObject({
      postingMode: 'open',
      owners: [{ address: joinerLogin }],
    });
    await page.getByRole('button', { name: t('group.delete'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t('group.deleteTitle', { address: 'uchitelya-5a@edu.mos.ru' }) });
    await s.check('group-delete-dialog', 'uchitelya-5a@edu.mos.ru');
    await dialog.getByRole('button', { name: t('group.deleteConfirm'), exact: true }).click();
    await page.waitForURL(/\/groups\?deleted=/);
    await until(() => page.getByText(t('group.deleted', { address: 'uchitelya-5a@edu.mos.ru' }), { exact: true }).count()).toBe(1);
    await s.check('group-deleted', t('groups.title'));
    await until(() => page.getByText(t('desk.loading'), { exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'uchitelya-5a@edu.mos.ru', exact: true }).count()).toBe(0);
    expect((await stack.api.call(operator, 'GET', `/v1/groups/${groupId}`)).status).toBe(404);

    // The moderator opening the resets desk by URL: the API's 403, said clearly.
    await open(s, stack.runtime, '/resets');
    await until(() => page.getByText(s.deskT(groupTexts, 'desk.forbiddenTitle'), { exact: true }).count()).toBeGreaterThan(0);
    await s.check('resets-forbidden', s.deskT(resetTexts, 'resets.title'));
    await s.close();
  }, 180_000);
});

/** Member ids of imported rows, by phone (the directory's member items). */
async function memberIds(stack: ProfileStack, rows: StaffRow[]): Promise<string[]> {
  const items = await scanTable(stack.db, stack.runtime.resources.tables.directory);
  return rows.map((r) => items.find((i) => i.sk === 'MEMBER' && i.phone === r.phone)?.memberId as string);
}
