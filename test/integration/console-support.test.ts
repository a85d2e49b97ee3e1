import { readFileSync } from 'node:fs';
import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages as auditMessages } from '../../web/src/desks/audit/messages';
import { messages as schoolMessages } from '../../web/src/desks/school/messages';
import { messages as supportMessages } from '../../web/src/desks/support/messages';
import { LANGUAGE_NAMES } from '../../web/src/i18n/catalog';
import { ConsoleSession, launchChromium, until } from '../helpers/console-browser';
import { nthSms, open, secretAtEnd, signIn } from '../helpers/console-flows';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { eventually, firstSignInChallenge, localClients, sesStore } from '../helpers/local-clients';
import { grantByLogin, productMadeAccount } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { italianRow, type StaffRow } from '../helpers/staff-fixtures';

/**
 * The support and audit desks in Chromium (it-miur, the shared stack), as their people work:
 * members made by import + launch; one of them made a support agent, another an auditor, by the
 * operator through the API (by login). The agent (Italian) finds the calling member, checks the
 * helpdesk code from the member's email, unlocks the closed account, resets and sends a password
 * (the member's new SMS password works; it is on no page), and reads the member's trail; the
 * auditor (English) picks the institution from the registry, reads its trail, downloads it as CSV
 * and sees the chain check;
 * a plain staff member (Russian) opening the support desk by URL sees the API's 403, then, made a
 * regional support agent through the API, finds a member of a school of their region and gets the
 * API's 403 for a school outside it. axe-core on every page, screenshots under
 * test-results/console/desks-support/.
 */
const SCHOOL = 'SUPD0001';
/** A school outside the regional agent's region (registered, no members needed). */
const OUTSIDE = 'SUPF0001';
// Rows 163,100+ (staff-fixtures' ranges): the caller, the agent, the auditor, a plain staff member.
const [callerRow, agentRow, auditorRow, staffRow] = [0, 1, 2, 3].map((i) => italianRow(163_100 + i, SCHOOL)) as [
  StaffRow,
  StaffRow,
  StaffRow,
  StaffRow,
];
const loginOf = (r: StaffRow) => r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
const CHOSEN = 'Desk-Parola-2027!';
const SHARED = `segreteria.supd0001.${Date.now()}@posta.istruzione.it`;

let browser: Browser;
let stack: ProfileStack;
let callerId: string;
let supportCode: string;
/** Every page's HTML the test saw, for the canary: no password on any page. */
const html: string[] = [];

beforeAll(async () => {
  stack = await profileStack('it-miur');
  const browserLaunch = launchChromium();
  const operator = await stack.api.tokenOf('operator');
  const { memberIds } = await launchSmallLot(stack, operator, {
    name: 'Support desk',
    institutionCode: SCHOOL,
    rows: [callerRow, agentRow, auditorRow, staffRow],
  });
  callerId = memberIds[0] as string;
  // The helpdesk code the caller received in the launch's notice email.
  const notice = await eventually(
    async () => (await sesStore(stack.runtime)).find((m) => m.destination.to.includes(callerRow.oldAddress)),
    (m) => m !== undefined,
  );
  supportCode = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(notice?.body.text ?? '')?.[1] ?? 'missing';
  // The agent, the auditor and the staff member sign in once and choose a password; the operator grants by login.
  for (const row of [agentRow, auditorRow, staffRow]) await productMadeAccount(stack, row, CHOSEN);
  await grantByLogin(stack, operator, loginOf(agentRow), { role: 'support', supportScope: 'all' });
  await grantByLogin(stack, operator, loginOf(auditorRow), { role: 'auditor' });
  // A registry of more than one page (101 more schools, sorting after every other file's codes), so the
  // institution pickers narrow by what is typed (`?prefix=`) rather than filter a first page.
  const filler = Array.from({ length: 101 }, (_, i) => `ZZSD${String(i).padStart(4, '0')};Scuola di riempimento ${i};;`);
  const bulk = await fetch(`${stack.runtime.urls.api}/v1/institutions/bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'text/csv' },
    body: `Codice meccanografico;Denominazione;Comune;Regione\r\n${filler.join('\r\n')}\r\n`,
  });
  expect(bulk.status, await bulk.clone().text()).toBe(200);
  // The school's shared office mailbox, registered by the operator (managed by rights so far).
  const shared = await stack.api.call(operator, 'POST', '/v1/shared-mailboxes', { address: SHARED, institutionCode: SCHOOL });
  expect(shared.status, JSON.stringify(shared.body)).toBe(201);
  // The caller's account was closed (as the deadline sweep closes one): the agent will unlock it.
  await localClients(stack.runtime).cognito.send(
    new AdminDisableUserCommand({ UserPoolId: stack.runtime.resources.userPoolId, Username: loginOf(callerRow) }),
  );
  browser = await browserLaunch;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signedIn(locale: 'it' | 'en' | 'ru', folder: string, row: StaffRow): Promise<ConsoleSession> {
  const s = await ConsoleSession.open(browser, { viewport: 'desktop', locale, folder: `desks-support/${folder}`, axe: true });
  await open(s, stack.runtime, '/sign-in');
  // The console opens in the profile's language (Italian); a person reading another chooses it.
  if (locale !== 'it') await s.page.getByRole('button', { name: LANGUAGE_NAMES[locale], exact: true }).click();
  await signIn(s, loginOf(row), CHOSEN);
  await s.page.waitForURL(/\/account/);
  return s;
}

const keep = async (s: ConsoleSession) => void html.push(await s.page.content());

describe('console: the support desk, the audit desk and the auditor (it-miur)', () => {
  it('the support agent finds the caller, checks the helpdesk code, unlocks, resets and sends, reads the trail', async () => {
    const s = await signedIn('it', 'agent', agentRow);
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(supportMessages, key, params);
    const menu = s.page.getByRole('navigation', { name: s.t('app.product') });
    await until(() => menu.getByRole('link', { name: s.t('desks.support'), exact: true }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: s.t('desks.audit'), exact: true }).count()).toBe(0);
    await menu.getByRole('link', { name: s.t('desks.support'), exact: true }).click();
    await s.check('support-search', t('support.search.title'));

    // By family name within the school (institution named), then straight to the member.
    await s.page.getByLabel(t('support.search.query'), { exact: true }).fill(callerRow.familyName);
    await s.page.getByRole('combobox', { name: t('support.search.institution') }).fill(SCHOOL);
    await s.page.keyboard.press('Escape'); // the suggestions close
    await s.page.getByRole('button', { name: t('support.search.submit'), exact: true }).click();
    const name = `${callerRow.givenName} ${callerRow.familyName}`;
    await until(() => s.page.getByRole('link', { name, exact: true }).count()).toBe(1);
    await s.check('support-results', t('support.search.title'));
    await s.page.getByRole('link', { name, exact: true }).click();
    const title = t('support.member.title', { name });
    await s.check('support-member', title);
    const status = (state: 'enabled' | 'disabled') => t(`support.member.${state}`, { status: t('support.cognito.FORCE_CHANGE_PASSWORD') });
    await until(() => s.page.getByText(status('disabled'), { exact: true }).count()).toBe(1);

    // The helpdesk code: a wrong one is said to be wrong, the one from the email is right.
    const code = s.page.getByLabel(t('support.verify.code'), { exact: true });
    await code.fill('ABCD-EFGH');
    await s.page.getByRole('button', { name: t('support.verify.submit'), exact: true }).click();
    await until(() => s.page.getByText(t('support.verify.invalid'), { exact: true }).count()).toBe(1);
    await code.fill(supportCode.toLowerCase());
    await s.page.getByRole('button', { name: t('support.verify.submit'), exact: true }).click();
    await until(() => s.page.getByText(t('support.verify.valid'), { exact: true }).count()).toBe(1);
    expect(await code.inputValue()).toBe(''); // the caller's secret does not stay on the screen
    await s.check('support-code-verified', title);

    // Unlock, with a reason.
    const reasons = s.page.getByLabel(t('support.reason'), { exact: true });
    await reasons.nth(1).fill('Account chiuso, identità verificata, ticket 7');
    await s.page.getByRole('button', { name: t('support.unlock.submit'), exact: true }).click();
    await until(() => s.page.getByText(t('support.unlock.done'), { exact: true }).count()).toBe(1);
    await until(() => s.page.getByText(status('enabled'), { exact: true }).count()).toBe(1);

    // Reset and send: without a reason the API says what is missing; with one, the SMS goes.
    const outbox = await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(callerRow.phone)}`);
    const before = ((await outbox.json()) as unknown[]).length;
    await s.page.getByRole('button', { name: t('support.reset.submit'), exact: true }).click();
    await until(() => s.page.getByText(s.deskT(supportMessages, 'desk.invalidTitle'), { exact: true }).count()).toBe(1);
    await reasons.nth(0).fill('Password temporanea dimenticata');
    await s.page.getByRole('button', { name: t('support.reset.submit'), exact: true }).click();
    const sms = await nthSms(stack.runtime, callerRow.phone, before + 1);
    const password = secretAtEnd(sms);
    await until(() => s.page.getByText(/\+39\*+\d+/).count()).toBeGreaterThan(0);
    await s.check('support-reset-sent', title);
    // The new SMS password works: Cognito asks the member to choose their own.
    await firstSignInChallenge(stack.runtime, loginOf(callerRow), password);

    // The member's trail shows what the desk did, newest first: in words, with the record's code beneath.
    for (const action of ['password.reset-by-support', 'support.unlocked', 'support.code-verified']) {
      const cell = s.page.getByRole('cell').filter({ has: s.page.getByText(t(`desk.auditActions.${action}`), { exact: true }) });
      await until(() => cell.filter({ hasText: action }).count()).toBeGreaterThan(0);
    }
    await keep(s);

    // The school's shared mailbox: from rights to a shared login and password, with a reason; the switch is on record.
    await s.page.getByRole('link', { name: t('support.member.back'), exact: true }).click();
    await s.page.getByRole('link', { name: t('support.search.sharedMailboxes'), exact: true }).click();
    await s.page.getByRole('combobox', { name: t('support.shared.institution') }).fill(SCHOOL);
    await s.page.keyboard.press('Escape');
    await s.page.getByRole('button', { name: t('support.search.submit'), exact: true }).click();
    await until(() => s.page.getByRole('link', { name: SHARED, exact: true }).count()).toBe(1);
    await s.check('support-shared-mailboxes', t('support.shared.title'));
    await s.page.getByRole('link', { name: SHARED, exact: true }).click();
    const delegation = t('support.delegation.title', { address: SHARED });
    await until(() => s.page.getByText(t('support.delegation.empty'), { exact: true }).count()).toBe(1);
    await s.page.getByLabel(t('support.reason'), { exact: true }).fill('La segreteria condivide la casella');
    await s.page.getByRole('button', { name: t('support.delegation.switchTo', { model: t('support.shared.password') }) }).click();
    await until(() =>
      s.page.getByText(t('support.delegation.switched', { model: t('support.shared.password') }), { exact: true }).count(),
    ).toBe(1);
    await until(() => s.page.getByRole('cell', { name: 'La segreteria condivide la casella', exact: true }).count()).toBe(1);
    await s.check('support-delegation', delegation);
    await keep(s);

    // The school's progress from its counters, as the school desk draws it: the same numbers the API holds.
    await s.page.getByRole('link', { name: t('support.shared.title'), exact: true }).click();
    await s.page.getByRole('link', { name: t('support.member.back'), exact: true }).click();
    await s.page.getByRole('link', { name: t('support.search.progress'), exact: true }).click();
    await s.page.getByRole('combobox', { name: t('support.search.institution') }).fill(SCHOOL);
    await s.page.keyboard.press('Escape');
    await s.page.getByRole('button', { name: t('support.progress.show'), exact: true }).click();
    await until(() => s.page.getByRole('heading', { name: t('support.progress.of', { code: SCHOOL }), exact: true }).count()).toBe(1);
    const counts = (
      await stack.api.call(await stack.api.tokenOf('operator'), 'GET', `/v1/support/reports/progress?institutionCode=${SCHOOL}`)
    ).body.counts as Record<string, number>;
    expect(counts.activated).toBeGreaterThanOrEqual(3); // the agent, the auditor and the staff member signed in
    for (const state of ['pending', 'accountCreated', 'notified', 'activated', 'expired'] as const) {
      const label = s.deskT(schoolMessages, `progress.states.${state}`);
      const row = s.page.getByRole('row').filter({ has: s.page.getByRole('rowheader', { name: label, exact: true }) });
      expect(((await row.locator('td').last().textContent()) ?? '').trim(), state).toBe(String(counts[state]));
    }
    await s.check('support-progress', t('support.progress.title'));
    await keep(s);
    expect(html.join('\n')).not.toContain(password);
    expect(html.join('\n').toUpperCase()).not.toContain(supportCode);
    await s.close();
  }, 150_000);

  it('the auditor reads the school’s trail, downloads it as CSV, sees the chain verified; the support desk is not theirs', async () => {
    const s = await signedIn('en', 'auditor', auditorRow);
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(auditMessages, key, params);
    const menu = s.page.getByRole('navigation', { name: s.t('app.product') });
    await until(() => menu.getByRole('link', { name: s.t('desks.audit'), exact: true }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: s.t('desks.support'), exact: true }).count()).toBe(0);
    await menu.getByRole('link', { name: s.t('desks.audit'), exact: true }).click();
    await until(() => s.page.getByText(t('audit.mine'), { exact: true }).count()).toBe(1);
    await s.check('audit-mine', t('audit.title'));

    // The school's last 7 days (the default range), picked from the registry by its code: the agent's reset is there.
    await s.page.getByRole('button', { name: `${t('audit.subject')} ${t('audit.subjects.actor')}` }).click();
    await s.page.getByRole('option', { name: t('audit.subjects.institution') }).click();
    const institution = s.page.getByRole('combobox', { name: t('audit.value.institution') }).first(); // the chain check's is second
    // The registry is more than a page: the field asks the server for the codes starting with what is typed.
    const narrowed = s.page.waitForRequest((r) => new URL(r.url()).searchParams.get('prefix') === SCHOOL.slice(0, 4));
    await institution.fill(SCHOOL.slice(0, 4));
    await narrowed;
    await s.page
      .getByRole('option')
      .filter({ hasText: `Test school ${SCHOOL}` })
      .click();
    expect(await institution.inputValue()).toBe(SCHOOL);
    await s.page.getByRole('button', { name: t('audit.submit'), exact: true }).click();
    // The action in words, its code beneath (what the CSV and the API's readers go by).
    const resetWords = s.page.getByText(t('desk.auditActions.password.reset-by-support'), { exact: true });
    await until(() => s.page.getByRole('cell').filter({ has: resetWords }).filter({ hasText: 'password.reset-by-support' }).count()).toBe(
      1,
    );
    // Its actor by login (looked up by the API for an auditor), not only the user id the record holds.
    const resetRow = s.page.getByRole('row').filter({ has: resetWords });
    expect(await resetRow.getByText(loginOf(agentRow), { exact: true }).count()).toBe(1);
    await s.check('audit-institution', t('audit.title'));

    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.getByRole('button', { name: t('audit.export'), exact: true }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(download.suggestedFilename()).toBe('audit.csv');
    expect(csv.replace('\uFEFF', '').split('\r\n')[0]).toBe(
      'at,actor,role,action,target,institution,outcome,reason,requestId,seq,details,actorLogin',
    );
    expect(csv).toContain(`password.reset-by-support,${callerId},${SCHOOL}`);
    expect(csv.split('\r\n').find((line) => line.includes('password.reset-by-support'))).toMatch(
      new RegExp(`,${loginOf(agentRow).replace(/\./g, '\\.')}$`),
    );

    // The chain check of today, for the school the filter names.
    await s.page.getByRole('button', { name: t('audit.verify.submit'), exact: true }).click();
    await until(() => s.page.getByText(t('audit.verify.intact'), { exact: true }).count()).toBe(1);
    await s.check('audit-verified', t('audit.title'));

    // The support desk by URL, a search in it: the API's 403, said clearly (the registry it suggests from is the auditor's to read).
    await open(s, stack.runtime, `/support?q=${encodeURIComponent(callerRow.familyName)}`);
    await until(() => s.page.getByText(s.deskT(supportMessages, 'desk.forbiddenTitle'), { exact: true }).count()).toBe(1);
    await s.check('auditor-on-support', s.deskT(supportMessages, 'support.search.title'));
    await keep(s);
    await s.close();
  }, 120_000);

  it('a plain staff member opening the support desk and the member page by URL sees the API’s 403 (ru), and no desk in the menu; made a regional agent, they reach their region only', async () => {
    const s = await signedIn('ru', 'staff', staffRow);
    const menu = s.page.getByRole('navigation', { name: s.t('app.product') });
    await until(() => menu.getByRole('link', { name: s.t('account.title'), exact: true }).count()).toBe(1);
    expect(await menu.getByRole('link', { name: s.t('desks.support'), exact: true }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: s.t('desks.audit'), exact: true }).count()).toBe(0);
    const forbidden = s.deskT(supportMessages, 'desk.forbiddenTitle');
    await open(s, stack.runtime, '/support');
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    await s.check('staff-on-support', s.deskT(supportMessages, 'support.search.title'));
    await open(s, stack.runtime, `/support/members/${encodeURIComponent(callerId)}`);
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    await s.check('staff-on-member', s.deskT(supportMessages, 'support.member.title', { name: callerId }));
    await open(s, stack.runtime, `/support/progress?institutionCode=${SCHOOL}`);
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    await s.check('staff-on-progress', s.deskT(supportMessages, 'support.progress.title'));
    await open(s, stack.runtime, '/audit');
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    await s.check('staff-on-audit', s.deskT(auditMessages, 'audit.title'));
    await keep(s);

    // Made a regional support agent through the API (the school's region, not the other school's):
    // in the same session they find a member of the school, and get the API's 403 for the other.
    const operator = await stack.api.tokenOf('operator');
    for (const [code, region] of [
      [SCHOOL, 'SUPD-NORD'],
      [OUTSIDE, 'SUPD-SUD'],
    ] as const) {
      const put = await stack.api.call(operator, 'PUT', `/v1/institutions/${code}`, { name: `Test school ${code}`, region });
      expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
    }
    await grantByLogin(stack, operator, loginOf(staffRow), { role: 'support', supportScope: { regions: ['SUPD-NORD'] } });
    const search = (code: string) => `/support?q=${encodeURIComponent(callerRow.familyName)}&institutionCode=${code}`;
    await open(s, stack.runtime, search(SCHOOL));
    const name = `${callerRow.givenName} ${callerRow.familyName}`;
    await until(() => s.page.getByRole('link', { name, exact: true }).count()).toBe(1);
    await s.check('regional-support-in-region', s.deskT(supportMessages, 'support.search.title'));
    await open(s, stack.runtime, search(OUTSIDE));
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    expect(await s.page.getByRole('link', { name, exact: true }).count()).toBe(0);
    // The progress of the school outside the region: the API's 403 too.
    await open(s, stack.runtime, `/support/progress?institutionCode=${OUTSIDE}`);
    await until(() => s.page.getByText(forbidden, { exact: true }).count()).toBe(1);
    await s.check('regional-support-progress-outside', s.deskT(supportMessages, 'support.progress.title'));
    await s.close();
  }, 90_000);
});
