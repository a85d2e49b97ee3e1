import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages as reports } from '../../web/src/desks/reports/messages';
import { messages as school } from '../../web/src/desks/school/messages';
import { SNAPSHOT_TIME_UTC } from '../../web/src/desks/school/snapshot-time';
import { messages as support } from '../../web/src/desks/support/messages';
import type { Json } from '../helpers/api-client';
import { ConsoleSession, launchChromium, until } from '../helpers/console-browser';
import { nthSms, open, secretAtEnd, signIn, smsCount } from '../helpers/console-flows';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { completeFirstSignIn, eventually, sesStore } from '../helpers/local-clients';
import { productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { launchMoment, type ProfileStack, profileStack, runJob, untilPast } from '../helpers/profile-stack';
import { publicCall } from '../helpers/public-call';
import { italianRow, russianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * The school admin's desk in Chromium (it-miur, the shared stack), as the person works: a teacher
 * the product made (import + launch) is granted `school-admin` of their school through the API;
 * they upload an HR export whose headers and labels the format does not know, see the dry run
 * refuse it, map the columns and the label, see the check pass, import it with the progress bar
 * reaching the end and the rejected row in the problems table (and its CSV); an operator puts the
 * new staff in a lot and `npm run job` launches it as of its time, and the school's progress moves
 * (the daily snapshot, run as of two days, draws members by state over time);
 * a late request arrives and the admin approves it, another they reject with a reason; the members
 * and phone-update lists download as CSV. A support agent and a plain staff member who
 * open the desk by URL see the API's 403. axe on every page; Italian, and English once.
 */

const CODE = 'SCDK0001';
const ADMIN_PASSWORD = 'Mia-Parola-2027!';
const FROM = '127.0.0.61';
const adminRow = italianRow(231_000, CODE);
// The HR export's people: two teachers (one written with a label the format does not know) and a bad phone.
const people: StaffRow[] = [italianRow(231_001, CODE), italianRow(231_002, CODE), { ...italianRow(231_003, CODE), phone: '12' }];
const labels = ['Docente', 'Doc.', 'Docente'];
const HEADER = 'Nome;Cognome;Codice Fiscale Dipendente;Cellulare;Codice meccanografico;Profilo;Indirizzo PEO';
const EXPORT = `${HEADER}\r\n${people
  .map((p, k) => [p.givenName, p.familyName, p.nationalId, p.phone, p.institutionCode, labels[k], p.oldAddress].join(';'))
  .join('\r\n')}\r\n`;

let browser: Browser;
let stack: ProfileStack;
let operator: string;
let admin: { token: string; login: string };

beforeAll(async () => {
  stack = await profileStack('it-miur');
  browser = await launchChromium();
  operator = await stack.api.tokenOf('operator');
  await launchSmallLot(stack, operator, { name: 'School desk', institutionCode: CODE, rows: [adminRow] });
  admin = await productMadeSchoolAdmin(stack, operator, adminRow);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** The count in the progress table's row for a state, as the page shows it. */
async function stateCount(s: ConsoleSession, state: keyof (typeof school.en)['progress']['states']): Promise<string> {
  const label = s.deskT(school, `progress.states.${state}`);
  const row = s.page.getByRole('row').filter({ has: s.page.getByRole('rowheader', { name: label, exact: true }) });
  return ((await row.locator('td').last().textContent()) ?? '').trim();
}

/** A text with a date the page formats its own way: `HOLE` where the date goes, any date matched there. */
const HOLE = '\u0000';
const withDate = (text: string) =>
  new RegExp(
    text
      .split(HOLE)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+'),
  );

/** Picks `option` in the Cloudscape select named `name`. */
async function choose(s: ConsoleSession, name: string, option: string): Promise<void> {
  await s.page.getByRole('button', { name, exact: false }).first().click();
  await s.page.getByRole('option', { name: option, exact: true }).click();
}

describe('it-miur: the school admin’s desk', () => {
  it('an HR export: dry run → mapping → import with progress → rejected row and CSV; a lot moves the charts; a late request approved, one rejected; members and phone CSVs', async () => {
    const s = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'it', folder: 'it-miur/school', axe: true });
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(school, key, params);
    const { page } = s;
    await open(s, stack.runtime, '/');
    await page.waitForURL(/\/sign-in/);
    await signIn(s, admin.login, ADMIN_PASSWORD);
    await page.waitForURL(/\/account/);

    // The menu offers the desk; it opens straight on the one school they administer.
    await page
      .getByRole('link', { name: t('desks.school'), exact: true })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/school/${CODE}$`));
    await s.check('school', t('school.titleOf', { code: CODE }));
    await until(() => stateCount(s, 'activated')).toBe('1');

    // The import: a dry run refuses the export (its national-ID column has a name of its own).
    await page.getByRole('link', { name: t('school.importLink'), exact: true }).click();
    await s.check('import', t('import.title', { code: CODE }));
    await page.locator('input[type=file]').setInputFiles({ name: 'personale.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT) });
    // The encoding offered by the deployment's format (default: detect); they say UTF-8.
    await choose(s, t('import.encoding'), t('import.encodings.utf-8'));
    await page.getByRole('button', { name: t('import.check'), exact: true }).click();
    await until(() => page.getByText(t('import.refused'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('import.notRecognised'), { exact: true }).count()).toBe(3);
    await s.check('import-refused', t('import.title', { code: CODE }));

    // The mapping: the three columns the format does not know.
    await choose(s, `${t('import.field')}: Codice Fiscale Dipendente`, t('import.fields.nationalId'));
    await choose(s, `${t('import.field')}: Profilo`, t('import.fields.category'));
    await choose(s, `${t('import.field')}: Indirizzo PEO`, t('import.fields.oldAddress'));
    await page.getByRole('button', { name: t('import.checkAgain'), exact: true }).click();
    // Checked again: the label `Doc.` is not known either.
    const docLabel = t('import.categoryLabel', { label: 'Doc.' });
    await until(() => page.getByText(docLabel, { exact: true }).count()).toBe(1);
    await page.getByLabel(docLabel, { exact: true }).click();
    await page.getByRole('option', { name: t('import.categories.teacher'), exact: true }).click();
    await page.getByRole('button', { name: t('import.checkAgain'), exact: true }).click();
    const count = (label: string) => page.locator(`[data-count="${label}"]`).first().textContent();
    await until(() => count(t('import.wouldCreate'))).toBe('2');
    expect(await count(t('import.rejected'))).toBe('1');
    await s.check('import-checked', t('import.title', { code: CODE }));

    // The import itself: the progress bar reaches the end; the bad phone is the one rejected row.
    await page.getByRole('button', { name: t('import.run'), exact: true }).click();
    // (The progress bar also says it in its live region: twice on the page.)
    await until(() => page.getByText(t('import.done'), { exact: true }).count()).toBeGreaterThan(0);
    expect(await count(t('import.created'))).toBe('2');
    expect(await count(t('import.rejected'))).toBe('1');
    const badPhone = s.t('fieldErrors.phone_invalid');
    await until(() => page.getByRole('cell', { name: badPhone, exact: true }).count()).toBe(1);
    await page.getByLabel(s.deskT(school, 'desk.filter'), { exact: true }).first().fill('phone');
    await until(() => page.getByRole('cell', { name: badPhone, exact: true }).count()).toBe(1);
    await s.check('import-done', t('import.title', { code: CODE }));
    // The import's id is in the page's address: a reload opens the same import, its counts and rejected row.
    const jobId = new URL(page.url()).searchParams.get('job');
    expect(jobId).toMatch(/\S/);
    // The chosen encoding reached the server: the import says it and read the file as it.
    expect((await stack.api.call(admin.token, 'GET', `/v1/imports/${jobId}`)).body).toMatchObject({
      encoding: 'utf-8',
      decodedAs: 'utf-8',
    });
    await page.reload();
    await until(() => page.getByText(t('import.done'), { exact: true }).count()).toBeGreaterThan(0);
    expect(await count(t('import.created'))).toBe('2');
    await until(() => page.getByRole('cell', { name: badPhone, exact: true }).count()).toBe(1);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: t('desk.download'), exact: true }).click(),
    ]);
    expect(readFileSync((await csv.path()) as string, 'utf8')).toMatch(/^\uFEFF?row,field,code,message\r?\n3,phone,phone_invalid,/);

    // Back on the school: two more members wait for a lot.
    await page.getByRole('link', { name: t('school.back', { code: CODE }), exact: true }).click();
    await until(() => stateCount(s, 'pending')).toBe('2');

    // An operator puts them in a lot through the API; the launch job runs as of its time.
    const lot = (
      await stack.api.call(operator, 'POST', '/v1/lots', {
        name: 'School desk, second group',
        launchAt: launchMoment(),
        selection: { kind: 'institutions', institutionCodes: [CODE] },
      })
    ).body as Json;
    expect(lot.memberCount).toBe(2);
    await untilPast(lot.launchAt);
    await runJob(stack.runtime, 'launch-lots', lot.launchAt);
    await drained(stack.runtime, ['provision', 'email']);
    await page.getByRole('button', { name: t('desk.refresh'), exact: true }).click();
    await until(() => stateCount(s, 'notified')).toBe('2');
    expect(await stateCount(s, 'pending')).toBe('0');
    await s.check('school-launched', t('school.titleOf', { code: CODE }));

    // Members by state over time: no snapshot yet; the daily job, run as of yesterday and today
    // (`npm run job -- progress-snapshot --at …`), gives the line chart its two days.
    expect(await page.getByText(t('progress.noHistory', { time: SNAPSHOT_TIME_UTC }), { exact: true }).count()).toBe(1);
    const today = new Date();
    await runJob(stack.runtime, 'progress-snapshot', new Date(today.getTime() - 86_400_000).toISOString());
    await runJob(stack.runtime, 'progress-snapshot', today.toISOString());
    await page.getByRole('button', { name: t('desk.refresh'), exact: true }).click();
    const twoDays = t('progress.overTimeRange', { count: 2, from: 'X', to: 'Y' }).split('X')[0] as string;
    await until(() => page.getByText(new RegExp(`^${twoDays}`)).count()).toBe(1);
    expect(await page.getByText(t('progress.noHistory', { time: SNAPSHOT_TIME_UTC }), { exact: true }).count()).toBe(0);
    await s.check('school-history', t('school.titleOf', { code: CODE }));

    // A late request, made and confirmed by the applicant, is approved in the desk.
    const { alternateEmail: _a, ...applicant } = italianRow(231_050, CODE);
    const started = await publicCall(stack.runtime.urls.api, 'POST', '/v1/late-requests', applicant, FROM);
    expect(started.status).toBe(202);
    const code = secretAtEnd(await nthSms(stack.runtime, applicant.phone, 1));
    const verified = await publicCall(stack.runtime.urls.api, 'POST', `/v1/late-requests/${started.body.requestId}/verify`, { code }, FROM);
    expect(verified.status).toBe(200);
    // A second one, which the admin will reject with a reason.
    const { alternateEmail: _b, ...refused } = italianRow(231_051, CODE);
    const second = await publicCall(stack.runtime.urls.api, 'POST', '/v1/late-requests', refused, '127.0.0.62');
    expect(second.status).toBe(202);
    const secondCode = secretAtEnd(await nthSms(stack.runtime, refused.phone, 1));
    const secondPath = `/v1/late-requests/${second.body.requestId}/verify`;
    expect((await publicCall(stack.runtime.urls.api, 'POST', secondPath, { code: secondCode }, '127.0.0.62')).status).toBe(200);
    await page.getByRole('link', { name: t('school.lateLink'), exact: true }).click();
    const name = `${applicant.givenName} ${applicant.familyName}`;
    await until(() => page.getByRole('rowheader', { name, exact: true }).count()).toBe(1);
    await s.check('late-requests', t('late.title', { code: CODE }));
    await page.getByRole('button', { name: `${t('late.approve')}: ${name}`, exact: true }).click();
    await until(() => page.getByText(new RegExp(`^${t('late.approved', { name, address: 'X' }).split('X')[0]}`)).count()).toBe(1);
    await until(() => page.getByRole('rowheader', { name, exact: true }).count()).toBe(0);
    await s.check('late-request-approved', t('late.title', { code: CODE }));
    const refusedName = `${refused.givenName} ${refused.familyName}`;
    await page.getByRole('button', { name: `${t('late.reject')}: ${refusedName}`, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('late.reason'), { exact: true }).fill('Non in servizio in questa scuola');
    await s.check('late-request-rejecting', t('late.title', { code: CODE }));
    await dialog.getByRole('button', { name: t('late.reject'), exact: true }).click();
    await until(() => page.getByText(t('late.rejected', { name: refusedName }), { exact: true }).count()).toBe(1);
    const rejected = await stack.api.call(admin.token, 'GET', `/v1/institutions/${CODE}/late-requests?state=rejected`);
    expect(rejected.body.items).toContainEqual(
      expect.objectContaining({ requestId: second.body.requestId, reason: 'Non in servizio in questa scuola' }),
    );

    // The school's members as CSV (masked phones, the last 3 ID characters only).
    await page.getByRole('link', { name: t('school.back', { code: CODE }), exact: true }).click();
    const saved = async (button: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
      return readFileSync((await file.path()) as string, 'utf8')
        .replace('\uFEFF', '')
        .split('\r\n');
    };
    const members = await saved(t('school.exportMembers'));
    expect(members[0]).toBe(
      'memberId,givenName,familyName,institutionCode,category,address,oldAddress,state,lotId,nationalIdLast3,phone,noticesSent,lastNoticeAt,activationLockedUntil',
    );
    expect(members.filter((l) => l.includes(`,${(people[0] as StaffRow).oldAddress},`))).toHaveLength(1);

    // The phone-update list: the rejected row's person (no valid mobile) is on it, and in its CSV.
    await page.getByRole('link', { name: t('school.phoneLink'), exact: true }).click();
    await until(() => page.getByRole('cell', { name: t('phones.reasons.phone_invalid'), exact: true }).count()).toBe(1);
    await s.check('phone-updates', t('phones.title', { code: CODE }));
    const phones = await saved(t('desk.download'));
    expect(phones[0]).toBe(
      'personKey,memberId,givenName,familyName,nationalIdLast3,reason,phone,reachableByEmail,source,importJobId,row,listedAt',
    );
    const bad = people[2] as StaffRow;
    expect(phones.filter((l) => l.includes(`,${bad.givenName},${bad.familyName},`) && l.includes(',phone_invalid,'))).toHaveLength(1);

    // Reports: the same school's progress, password expiry and the month's delivery, each downloadable.
    await page
      .getByRole('link', { name: t('desks.reports'), exact: true })
      .first()
      .click();
    await until(() => page.getByRole('rowheader', { name: s.deskT(reports, 'reports.rows.emailsSent'), exact: true }).count()).toBe(1);
    await until(() => stateCount(s, 'notified')).toBe('2');
    // The same two days over time.
    await until(() => page.getByText(new RegExp(`^${twoDays}`)).count()).toBe(1);
    await s.check('reports', s.deskT(reports, 'reports.title'));
    const [delivery] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: t('desk.download'), exact: true })
        .last()
        .click(),
    ]);
    const sent = s.deskT(reports, 'reports.rows.emailsSent');
    expect(readFileSync((await delivery.path()) as string, 'utf8')).toMatch(new RegExp(`\r\n"${sent}","[1-9]d*"\r\n`));

    // English, once: the same desk in another language.
    await page
      .getByRole('link', { name: t('desks.school'), exact: true })
      .first()
      .click();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await until(() => page.getByRole('heading', { level: 1, name: `Institution ${CODE}` }).count()).toBe(1);
    await until(() => page.getByRole('rowheader', { name: school.en.progress.states.notified, exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Italiano', exact: true }).click();
    await until(() => page.getByRole('heading', { level: 1, name: t('school.titleOf', { code: CODE }) }).count()).toBe(1);
    await s.close();
  }, 300_000);

  it('a support agent and a plain staff member who open the desk by URL see the API’s 403', async () => {
    for (const [role, path] of [
      ['support', `/school/${CODE}`],
      ['staff', '/school'],
    ] as const) {
      const user = stack.demoUsers.find((u) => u.role === role);
      if (!user) throw new Error(`no demo ${role}`);
      const s = await ConsoleSession.open(browser, { viewport: 'phone', locale: 'it', folder: `it-miur/school-403-${role}`, axe: true });
      await open(s, stack.runtime, '/');
      await s.page.waitForURL(/\/sign-in/);
      await signIn(s, user.login, user.password);
      await s.page.waitForURL(/\/account/);
      // Not in their menu; by URL the page asks the API, which refuses.
      expect(await s.page.getByRole('link', { name: s.t('desks.school'), exact: true }).count()).toBe(0);
      await open(s, stack.runtime, path);
      await until(() => s.page.getByText(s.deskT(school, 'desk.forbiddenTitle'), { exact: true }).count()).toBe(1);
      const title = path === '/school' ? s.deskT(school, 'school.title') : s.deskT(school, 'school.titleOf', { code: CODE });
      await s.check(`school-forbidden-${role}`, title);
      await s.close();
    }
  }, 120_000);
});

describe('ru-moscow: activation notices (chosen members, then everyone) and the activation funnel', () => {
  const RU = 'MSK-SCH-7031';
  const rows = [russianRow(231_100, RU), russianRow(231_101, RU), russianRow(231_102, RU)];
  let ru: ProfileStack;

  beforeAll(async () => {
    ru = await profileStack('ru-moscow');
  }, 180_000);
  afterAll(async () => {
    await ru?.stop();
  }, 60_000);

  it('an operator sends the activation notices from the desk; a member activates and the funnel moves', async () => {
    const operatorToken = await ru.api.tokenOf('operator');
    expect((await ru.api.runImport(operatorToken, toCsv(rows))).counts.created).toBe(3);
    const user = ru.demoUsers.find((u) => u.role === 'operator');
    if (!user) throw new Error('no demo operator');
    const s = await ConsoleSession.open(browser, { viewport: 'phone', locale: 'ru', folder: 'ru-moscow/school', axe: true });
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(school, key, params);
    const { page } = s;
    await open(s, ru.runtime, '/');
    await page.waitForURL(/\/sign-in/);
    await signIn(s, user.login, user.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    // An operator names the institution; its staff wait for their invitation.
    await open(s, ru.runtime, '/school');
    await s.check('school-home', t('school.title'));
    await page.getByLabel(t('school.codeLabel'), { exact: true }).fill(RU);
    await page.getByRole('button', { name: t('school.open'), exact: true }).click();
    await s.check('school', t('school.titleOf', { code: RU }));
    await until(() => stateCount(s, 'pending')).toBe('3');

    // One member chosen among those not invited yet: the notice goes to them alone, and they leave that list.
    const first = rows[0] as StaffRow;
    const firstName = `${first.givenName} ${first.familyName}`;
    await until(() => page.getByRole('rowheader', { name: firstName, exact: true }).count()).toBe(1);
    await page.getByRole('checkbox', { name: t('notices.select', { name: firstName }), exact: true }).click();
    const sendOne = t('notices.sendChosen', { count: 1 });
    await page.getByRole('button', { name: sendOne, exact: true }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: sendOne, exact: true }).click();
    await until(() => page.getByText(t('notices.sent', { count: 1 }), { exact: false }).count()).toBe(1);
    await until(() => stateCount(s, 'notified')).toBe('1');
    await until(() => page.getByRole('rowheader', { name: firstName, exact: true }).count()).toBe(0);

    // Then everyone else not invited: the two others (the first has an open window).
    await page
      .getByRole('button', { name: t('notices.send'), exact: true })
      .first()
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: t('notices.send'), exact: true })
      .click();
    await until(() => page.getByText(t('notices.sent', { count: 2 }), { exact: false }).count()).toBe(1);
    await until(() => stateCount(s, 'notified')).toBe('3');

    // The first activates (phone + SNILS, the SMS code): the funnel's third step moves.
    const started = await publicCall(
      ru.runtime.urls.api,
      'POST',
      '/v1/activation',
      { nationalId: first.nationalId, phone: first.phone },
      FROM,
    );
    expect(started.status).toBe(202);
    const code = secretAtEnd(await nthSms(ru.runtime, first.phone, 2));
    const confirmed = await publicCall(ru.runtime.urls.api, 'POST', `/v1/activation/${started.body.attemptId}/confirm`, { code }, FROM);
    expect(confirmed.status).toBe(200);
    await page.getByRole('button', { name: t('desk.refresh'), exact: true }).click();
    await until(() => stateCount(s, 'accountCreated')).toBe('1');
    await s.check('school-activated', t('school.titleOf', { code: RU }));
    await s.close();
  }, 240_000);

  it('windows run out (the sweep as of their end); the school admin reopens one with a reason, an operator the other from the member page', async () => {
    const RU2 = 'MSK-SCH-7032';
    const [adminRow, lateRow, otherRow] = [231_110, 231_111, 231_112].map((i) => russianRow(i, RU2)) as unknown as [
      StaffRow,
      StaffRow,
      StaffRow,
    ];
    const OWN = 'Svoi-Parol-2027!';
    const operatorToken = await ru.api.tokenOf('operator');
    expect((await ru.api.runImport(operatorToken, toCsv([adminRow, lateRow, otherRow]))).counts.created).toBe(3);
    expect((await ru.api.call(operatorToken, 'POST', `/v1/institutions/${RU2}/activation-notices`, {})).body.queued).toBe(3);
    for (const r of [adminRow, lateRow, otherRow]) await nthSms(ru.runtime, r.phone, 1);

    // The school admin is a member the product made: activated (SNILS + phone, SMS code), own password, granted through the API.
    const started = await publicCall(
      ru.runtime.urls.api,
      'POST',
      '/v1/activation',
      { nationalId: adminRow.nationalId, phone: adminRow.phone },
      FROM,
    );
    expect(started.status).toBe(202);
    const code = secretAtEnd(await nthSms(ru.runtime, adminRow.phone, 2));
    const confirmed = await publicCall(ru.runtime.urls.api, 'POST', `/v1/activation/${started.body.attemptId}/confirm`, { code }, FROM);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const adminLogin = confirmed.body.login as string;
    const temporary = secretAtEnd(await nthSms(ru.runtime, adminRow.phone, 3));
    const own = (await completeFirstSignIn(ru.runtime, adminLogin, temporary, OWN)).AccessToken;
    const { sub } = (await ru.api.call(own, 'GET', '/v1/me')).body;
    expect(
      (await ru.api.call(operatorToken, 'PUT', `/v1/role-assignments/${sub}`, { role: 'school-admin', institutionCode: RU2 })).status,
    ).toBe(200);

    // The two others never activate: the deadline sweep, run as of their window's end, closes it.
    const membersIn = async (state: string) =>
      ((await ru.api.call(operatorToken, 'GET', `/v1/members?institutionCode=${RU2}&state=${state}`)).body.items as Json[]).map(
        (m) => m.memberId as string,
      );
    const [lateId, otherId] = await Promise.all(
      [lateRow, otherRow].map(async (r) => {
        const items = (await ru.api.call(operatorToken, 'GET', `/v1/members?institutionCode=${RU2}&state=notified`)).body.items as Json[];
        const found = items.find((m) => m.givenName === r.givenName && m.familyName === r.familyName);
        if (!found) throw new Error(`no notified member named ${r.familyName}`);
        return found.memberId as string;
      }),
    );
    const deadline = (await ru.api.call(operatorToken, 'GET', `/v1/support/members/${lateId}`)).body.nextDeadline as Json;
    expect(deadline.kind).toBe('activation-window');
    await runJob(ru.runtime, 'deadline-sweep', new Date(Date.parse(deadline.at as string) + 60_000).toISOString());
    expect((await membersIn('activation-expired')).sort()).toEqual([lateId, otherId].sort());
    const emailsTo = async (r: StaffRow) => (await sesStore(ru.runtime)).filter((m) => m.destination.to.includes(r.alternateEmail));
    const firstNotice = (await emailsTo(lateRow))[0];
    const before = { emails: (await emailsTo(lateRow)).length, sms: await smsCount(ru.runtime, lateRow.phone) };

    // The school admin shows the expired members, picks one and reopens the window: first without a reason (refused), then with one.
    const s = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'ru', folder: 'ru-moscow/school-reopen', axe: true });
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(school, key, params);
    const { page } = s;
    await open(s, ru.runtime, '/');
    await page.waitForURL(/\/sign-in/);
    await signIn(s, adminLogin, OWN);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await open(s, ru.runtime, `/school/${RU2}`);
    await s.check('school', t('school.titleOf', { code: RU2 }));
    await choose(s, t('notices.show'), t('notices.shown.activation-expired'));
    const lateName = `${lateRow.givenName} ${lateRow.familyName}`;
    await until(() => page.getByRole('rowheader', { name: lateName, exact: true }).count()).toBe(1);
    await page.getByRole('radio', { name: t('notices.select', { name: lateName }), exact: true }).click();
    await page
      .getByRole('button', { name: t('notices.reopen'), exact: true })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: t('notices.reopen'), exact: true }).click();
    await until(() => dialog.getByText(s.deskT(school, 'desk.invalidTitle'), { exact: true }).count()).toBeGreaterThan(0);
    await s.check('school-reopen-refused', t('school.titleOf', { code: RU2 }));
    await dialog.getByLabel(t('notices.reason'), { exact: true }).fill('Была в отпуске по уходу за ребёнком');
    await dialog.getByRole('button', { name: t('notices.reopen'), exact: true }).click();
    await until(() => page.getByText(withDate(t('notices.reopened', { name: lateName, date: HOLE }))).count()).toBe(1);
    await until(() => page.getByRole('rowheader', { name: lateName, exact: true }).count()).toBe(0);
    await s.check('school-reopened', t('school.titleOf', { code: RU2 }));
    await s.close();

    // The API holds it: notified again, a new window, and the notice sent again (SMS and the same email).
    expect(await membersIn('notified')).toContain(lateId);
    const again = (await ru.api.call(operatorToken, 'GET', `/v1/support/members/${lateId}`)).body.nextDeadline as Json;
    expect(again.kind).toBe('activation-window');
    expect(Date.parse(again.at as string)).toBeGreaterThan(Date.now());
    const emails = await eventually(
      () => emailsTo(lateRow),
      (l) => l.length > before.emails,
    );
    expect(emails.length).toBe(before.emails + 1);
    expect(emails.at(-1)?.subject).toBe(firstNotice?.subject);
    await nthSms(ru.runtime, lateRow.phone, before.sms + 1);

    // An operator reopens the other from the support desk's member page (the form shows only while the window is expired).
    const user = ru.demoUsers.find((u) => u.role === 'operator');
    if (!user) throw new Error('no demo operator');
    const o = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'ru', folder: 'ru-moscow/support-reopen', axe: true });
    const st = (key: string, params?: Record<string, string | number>) => o.deskT(support, key, params);
    await open(o, ru.runtime, '/');
    await o.page.waitForURL(/\/sign-in/);
    await signIn(o, user.login, user.password);
    await o.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await open(o, ru.runtime, `/support/members/${otherId}`);
    const reopen = o.page.getByRole('button', { name: st('support.reopen.submit'), exact: true });
    await until(() => reopen.count()).toBe(1);
    await o.check('support-member-expired', st('support.member.title', { name: `${otherRow.givenName} ${otherRow.familyName}` }));
    // Its reason field is the page's first (reset and unlock, below, have theirs).
    await o.page.getByLabel(st('support.reason'), { exact: true }).first().fill('Сотрудник вернулся из командировки');
    await reopen.click();
    await until(() => o.page.getByText(withDate(st('support.reopen.done', { date: HOLE }))).count()).toBe(1);
    await until(() => reopen.count()).toBe(0);
    await o.check('support-member-reopened', st('support.member.title', { name: `${otherRow.givenName} ${otherRow.familyName}` }));
    await o.close();
    expect(await membersIn('notified')).toContain(otherId);
  }, 300_000);
});
