import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages as mailboxTexts } from '../../web/src/desks/mailboxes/messages';
import { wallClock } from '../../web/src/desks/operator/launch-time';
import type { Locale } from '../../web/src/i18n/catalog';
import type { Json } from '../helpers/api-client';
import { ConsoleSession, launchChromium, until, type ViewportName } from '../helpers/console-browser';
import { nthSms, open, secretAtEnd, signIn } from '../helpers/console-flows';
import { completeFirstSignIn, scanTable } from '../helpers/local-clients';
import { launchMoment, type ProfileStack, profileStack, runJob, untilPast } from '../helpers/profile-stack';
import { type StaffRow, toCsv, turkishRow } from '../helpers/staff-fixtures';

/**
 * The institution mailboxes desk (issue #16 for issue #17's mailboxes) on tr-meb, in Chromium, as
 * the people who run it: every person a member the product made (import + lot launch); the
 * officer and the approver sign in with their SMS password, choose their own, and get their roles
 * through the API. The officer registers the school's mailbox with a responsible staff member
 * (whose SMS holds the first password, which signs in), files a change of responsible person (and
 * cannot approve it: the API's 403), the approver approves it in the console and the new
 * responsible person gets the mailbox's new password by SMS; the officer files a reset with the
 * signed form; a plain staff member opening the desk by URL sees the API's 403. An operator, in
 * Turkish, picks the institution and files a change back, which the approver rejects with a reason.
 * No page and no
 * answer the pages received holds a password. axe on every page, screenshots under
 * test-results/console/mailboxes/.
 */
const CODE = 'DEMO001';
const ADDRESS = 'demo001@meb.k12.tr';
const OWN = 'Kendi-Parolam-2027!';
const ROWS = {
  officer: turkishRow(900),
  approver: turkishRow(901),
  responsible: turkishRow(902),
  successor: turkishRow(904),
  plain: turkishRow(905),
};
type Who = keyof typeof ROWS;
const loginOf = (r: StaffRow) => `${(r as Json).latinLocal}@meb.k12.tr`;

let browser: Browser;
let stack: ProfileStack;

beforeAll(async () => {
  [stack, browser] = await Promise.all([profileStack('tr-meb'), launchChromium()]);
  const operator = await stack.api.tokenOf('operator');
  const rows = Object.values(ROWS);
  expect((await stack.api.runImport(operator, toCsv(rows))).counts.created).toBe(rows.length);
  const directory = await scanTable(stack.db, stack.runtime.resources.tables.directory);
  const memberIds = rows.map((r) => directory.find((i) => i.sk === 'MEMBER' && i.phone === r.phone)?.memberId as string);
  const lot = await stack.api.call(operator, 'POST', '/v1/lots', {
    name: 'Console mailboxes',
    launchAt: launchMoment(),
    selection: { kind: 'members', memberIds },
  });
  expect(lot.body.memberCount).toBe(rows.length);
  await untilPast(lot.body.launchAt);
  await runJob(stack.runtime, 'launch-lots', lot.body.launchAt);
  // The officer, the approver and the plain member sign in once and choose their own passwords;
  // the officer and the approver are granted their roles through the API.
  for (const [who, role] of [
    ['officer', 'officer'],
    ['approver', 'approver'],
    ['plain', undefined],
  ] as const) {
    const temporary = secretAtEnd(await nthSms(stack.runtime, ROWS[who].phone, 1));
    const own = (await completeFirstSignIn(stack.runtime, loginOf(ROWS[who]), temporary, OWN)).AccessToken;
    if (!role) continue;
    const { sub } = (await stack.api.call(own, 'GET', '/v1/me')).body;
    expect((await stack.api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, { role, institutionCode: CODE })).status).toBe(200);
  }
  for (const who of ['responsible', 'successor'] as const) await nthSms(stack.runtime, ROWS[who].phone, 1);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** A person's browser, signed in on the console's sign-in page, with every API answer its pages receive kept. */
async function signedIn(who: Who | { login: string; password: string }, opts: { viewport: ViewportName; locale: Locale; folder: string }) {
  const s = await ConsoleSession.open(browser, { ...opts, folder: `mailboxes/${opts.folder}`, axe: true });
  const answers: string[] = [];
  s.page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/')) answers.push(await r.text().catch(() => ''));
  });
  await open(s, stack.runtime, '/sign-in');
  await signIn(s, typeof who === 'string' ? loginOf(ROWS[who]) : who.login, typeof who === 'string' ? OWN : who.password);
  await s.page.waitForURL(/\/account/);
  return { s, answers, t: (key: string, params?: Json) => s.deskT(mailboxTexts, key, params) };
}

describe('tr-meb: the institution mailboxes desk', () => {
  it('officer registers a mailbox, files a change of responsible person; the approver approves it; the officer resets it with the signed form; a plain member gets 403', async () => {
    const passwords: string[] = [];
    // The officer, on a desktop, in Turkish.
    const { s, answers, t } = await signedIn('officer', { viewport: 'desktop', locale: 'tr', folder: 'officer' });
    const page = s.page;
    await open(s, stack.runtime, '/mailboxes');
    await until(() => page.getByText(t('mailboxes.empty'), { exact: true }).count()).toBe(1);
    await s.check('mailboxes-empty', t('mailboxes.title'));

    // Registering with nothing filed in: the API names each field.
    await page.getByRole('button', { name: t('mailboxes.register'), exact: true }).click();
    await until(() => page.getByText(t('desk.invalidTitle'), { exact: true }).count()).toBe(1);
    expect(await page.locator('[data-problem-status="400"]').textContent()).toContain('responsibleMemberId');

    // The responsible person, found among the institution's staff.
    const responsible = loginOf(ROWS.responsible);
    await page.getByLabel(t('picker.search'), { exact: true }).fill(responsible.split('@')[0] as string);
    await page.getByRole('button', { name: t('picker.searchButton'), exact: true }).click();
    await page.getByRole('button', { name: `${t('picker.choose')} ${responsible}`, exact: true }).click();
    await page.getByLabel(t('mailboxes.addressLabel'), { exact: true }).fill(ADDRESS);
    await page.getByLabel(t('mailboxes.nameLabel'), { exact: true }).fill('Atatürk İlkokulu Müdürlüğü');
    await page.getByRole('button', { name: t('mailboxes.register'), exact: true }).click();
    const { givenName, familyName } = ROWS.responsible as Json;
    await until(() =>
      page.getByText(t('mailboxes.registered', { address: ADDRESS, name: `${givenName} ${familyName}` }), { exact: true }).count(),
    ).toBe(1);
    await until(() => page.getByRole('link', { name: ADDRESS, exact: true }).count()).toBe(1);
    await s.check('mailboxes-registered', t('mailboxes.title'));

    // The first temporary password reached the responsible person by SMS, and signs the mailbox in.
    const first = await nthSms(stack.runtime, ROWS.responsible.phone, 2);
    expect(first.message).toContain(ADDRESS);
    passwords.push(secretAtEnd(first));
    await completeFirstSignIn(stack.runtime, ADDRESS, passwords[0] as string, 'Okul-Parolasi-2027!');

    // The mailbox's page: a change of responsible person, filed with a reason.
    await page.getByRole('link', { name: ADDRESS, exact: true }).click();
    await s.check('mailbox', ADDRESS);
    const successor = loginOf(ROWS.successor);
    await page
      .getByLabel(t('picker.search'), { exact: true })
      .first()
      .fill(successor.split('@')[0] as string);
    await page
      .getByRole('button', { name: t('picker.searchButton'), exact: true })
      .first()
      .click();
    await page.getByRole('button', { name: `${t('picker.choose')} ${successor}`, exact: true }).click();
    await page.getByLabel(t('mailbox.reason'), { exact: true }).fill('Görev değişikliği');
    await page.getByRole('button', { name: t('mailbox.fileChange'), exact: true }).click();
    const pending = page.getByRole('row').filter({ hasText: 'Görev değişikliği' });
    await until(() => pending.count()).toBe(1);
    // Whoever filed it cannot approve it: the API's 403, said clearly.
    await pending.getByRole('button', { name: `${t('changes.approve')} ${ADDRESS}`, exact: true }).click();
    await until(() => page.getByText(t('desk.forbiddenTitle'), { exact: true }).count()).toBe(1);
    await s.check('mailbox-change-filed', ADDRESS);

    // The approver, on a phone: the change in the desk's list, approved.
    const approver = await signedIn('approver', { viewport: 'phone', locale: 'tr', folder: 'approver' });
    await approver.s.page
      .getByRole('link', { name: approver.s.t('desks.mailboxes'), exact: true })
      .first()
      .click();
    const toDecide = approver.s.page.getByRole('row').filter({ hasText: 'Görev değişikliği' });
    await until(() => toDecide.count()).toBe(1);
    // Both people by name, for whoever decides.
    for (const who of ['responsible', 'successor'] as const)
      expect(await toDecide.textContent()).toContain(`${(ROWS[who] as Json).givenName} ${(ROWS[who] as Json).familyName}`);
    await approver.s.check('mailboxes-approver', t('mailboxes.title'));
    await toDecide.getByRole('button', { name: `${t('changes.approve')} ${ADDRESS}`, exact: true }).click();
    await until(() => approver.s.page.getByText(t('changes.approved', { address: ADDRESS }), { exact: true }).count()).toBe(1);
    await until(() => toDecide.count()).toBe(0);
    await approver.s.check('mailboxes-approved', t('mailboxes.title'));
    // The new responsible person is told, and gets the mailbox's new password, which signs in.
    const handedOver = await nthSms(stack.runtime, ROWS.successor.phone, 3);
    expect(handedOver.message).toContain(ADDRESS);
    passwords.push(secretAtEnd(handedOver));
    await completeFirstSignIn(stack.runtime, ADDRESS, passwords[1] as string, 'Yeni-Sorumlu-2027!');

    // The officer: the page says who is responsible now; a reset with the signed form.
    await page.reload();
    await until(() =>
      page.getByText(`${(ROWS.successor as Json).givenName} ${(ROWS.successor as Json).familyName}`).count(),
    ).toBeGreaterThan(0);
    await page.getByLabel(t('mailbox.formNumber'), { exact: true }).fill('MEB-K-0900');
    await page.getByLabel(t('mailbox.signedOn'), { exact: true }).fill(wallClock(new Date(), 'Europe/Istanbul').date.replaceAll('-', '/'));
    await page.getByLabel(t('mailbox.approverName'), { exact: true }).fill('Mehmet Yılmaz');
    await page.getByLabel(t('mailbox.approverTitle'), { exact: true }).fill('Okul Müdürü');
    await page.getByLabel(t('mailbox.archivedAt'), { exact: true }).fill('İdari arşiv');
    await page.getByRole('button', { name: t('mailbox.file'), exact: true }).click();
    await until(() => page.getByText(t('mailbox.resetDone'), { exact: true }).count()).toBe(1);
    await s.check('mailbox-reset', ADDRESS);
    const reset = await nthSms(stack.runtime, ROWS.successor.phone, 4);
    expect(reset.message).toContain(ADDRESS);
    passwords.push(secretAtEnd(reset));
    expect(await nthSms(stack.runtime, ROWS.responsible.phone, 2)).toEqual(first);

    // A plain staff member opening the desk by URL: the API's 403.
    const plain = await signedIn('plain', { viewport: 'phone', locale: 'tr', folder: 'plain' });
    await open(plain.s, stack.runtime, '/mailboxes');
    await until(() => plain.s.page.getByText(t('desk.forbiddenTitle'), { exact: true }).count()).toBeGreaterThan(0);
    await plain.s.check('mailboxes-forbidden', t('mailboxes.title'));
    // A refusal is not an empty listing.
    expect(await plain.s.page.getByText(t('mailboxes.empty'), { exact: true }).count()).toBe(0);

    // No page showed a password, and no answer the pages received held one.
    for (const p of passwords) expect(p.length).toBeGreaterThanOrEqual(12);
    for (const session of [s, approver.s, plain.s]) {
      const body = (await session.page.locator('body').textContent()) ?? '';
      for (const p of passwords) expect(body).not.toContain(p);
    }
    const every = [...answers, ...approver.answers, ...plain.answers];
    expect(every.length).toBeGreaterThan(5);
    expect(every.filter((b) => passwords.some((p) => b.includes(p)))).toEqual([]);
    await plain.s.close();
    await approver.s.close();
    await s.close();
  }, 120_000);

  it('an operator picks the institution, files a change back; the approver rejects it with a reason and nothing moves', async () => {
    const operator = stack.demoUsers.find((u) => u.role === 'operator') as { login: string; password: string };
    const { s, t } = await signedIn(operator, { viewport: 'desktop', locale: 'tr', folder: 'operator' });
    const page = s.page;
    await open(s, stack.runtime, '/mailboxes');
    await until(() => page.getByText(t('mailboxes.pickInstitution'), { exact: true }).count()).toBe(1);
    await page.getByLabel(t('desk.institution'), { exact: true }).fill(CODE);
    await until(() => page.getByRole('link', { name: ADDRESS, exact: true }).count()).toBe(1);
    await s.check('mailboxes-operator', t('mailboxes.title'));
    await page.getByRole('link', { name: ADDRESS, exact: true }).click();
    await s.check('mailbox-operator', ADDRESS);
    // Resets on the signed form are the officer's: no such form for an operator.
    expect(await page.getByRole('heading', { name: t('mailbox.resetTitle') }).count()).toBe(0);
    const back = loginOf(ROWS.responsible);
    await page.getByLabel(t('picker.search'), { exact: true }).fill(back.split('@')[0] as string);
    await page.getByRole('button', { name: t('picker.searchButton'), exact: true }).click();
    await page.getByRole('button', { name: `${t('picker.choose')} ${back}`, exact: true }).click();
    // Without a reason: the API's 400, by field.
    await page.getByRole('button', { name: t('mailbox.fileChange'), exact: true }).click();
    await until(() => page.getByText(t('desk.invalidTitle'), { exact: true }).count()).toBe(1);
    await page.getByLabel(t('mailbox.reason'), { exact: true }).fill('Geri dönüş');
    await page.getByRole('button', { name: t('mailbox.fileChange'), exact: true }).click();
    await until(() => page.getByRole('row').filter({ hasText: 'Geri dönüş' }).count()).toBe(1);

    const approver = await signedIn('approver', { viewport: 'desktop', locale: 'tr', folder: 'approver-reject' });
    await open(approver.s, stack.runtime, '/mailboxes');
    const row = approver.s.page.getByRole('row').filter({ hasText: 'Geri dönüş' });
    await until(() => row.count()).toBe(1);
    await row.getByRole('button', { name: `${approver.t('changes.reject')} ${ADDRESS}`, exact: true }).click();
    await approver.s.page.getByLabel(approver.t('changes.rejectReason'), { exact: true }).fill('Form eksik');
    await approver.s.page
      .getByRole('button', { name: approver.t('changes.reject'), exact: true })
      .last()
      .click();
    await until(() => approver.s.page.getByText(approver.t('changes.rejected'), { exact: true }).count()).toBe(1);
    await until(() => row.count()).toBe(0);
    // The decided ones, by state: the rejection and its reason.
    await approver.s.page.getByText(approver.t('changes.states.rejected'), { exact: true }).click();
    await until(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Form eksik');
    await approver.s.check('mailboxes-rejected', approver.t('mailboxes.title'));
    // Nothing moved: the successor is still responsible, and nobody was sent anything.
    const token = await stack.api.tokenOf('operator');
    const [listed] = (await stack.api.call(token, 'GET', `/v1/institutions/${CODE}/institution-mailboxes`)).body.items;
    expect(listed.responsible).toMatchObject({ givenName: (ROWS.successor as Json).givenName, current: true });
    await page.reload();
    await until(() => page.getByText(t('changes.empty'), { exact: true }).count()).toBe(1);
    await approver.s.close();
    await s.close();
  }, 90_000);
});
