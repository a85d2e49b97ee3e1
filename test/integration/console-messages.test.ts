import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../web/src/desks/messages/messages';
import { wallClock } from '../../web/src/desks/operator/launch-time';
import { ConsoleSession, launchChromium, until } from '../helpers/console-browser';
import { open, signIn } from '../helpers/console-flows';
import { drained } from '../helpers/drain';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { sesStore } from '../helpers/local-clients';
import { grantByLogin, productMadeAccount, productMadeSchoolAdmin } from '../helpers/product-made-admin';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { italianRow, type StaffRow } from '../helpers/staff-fixtures';

/**
 * The messages desk in Chromium (it-miur, the shared stack), as a school admin works: a teacher
 * the product made (import + launch), granted `school-admin` of their school through the API,
 * writes to their institution in Italian (a first try without a subject shows the API's 400 under
 * the field), sees the draft's size and SMS parts, previews it as a colleague found by name, sends
 * it; the `send-messages` schedule runs as of its time; the three emails arrive with each
 * person's name, and the page's delivery report shows them sent. A second draft is cancelled
 * after a confirmation. A plain staff member who opens the desk by URL sees the API's 403.
 * axe on every page.
 */

const CODE = 'MSDK0001';
const ADMIN_PASSWORD = 'Mia-Parola-2027!';
const N = 262_000; // italianRow indexes of this file (see staff-fixtures); none ends in 0 (those are English speakers)
const STAFF: StaffRow[] = [italianRow(N + 1, CODE), italianRow(N + 2, CODE), italianRow(N + 3, CODE)];
const [ADMIN, COLLEAGUE] = STAFF as [StaffRow, StaffRow, StaffRow];
// A colleague at another school who becomes a second operator (granted through the API).
const SECOND_OPERATOR = italianRow(N + 4, 'MSDK0002');

let browser: Browser;
let stack: ProfileStack;
let operator: string;
let admin: { token: string; login: string };
let memberIds: string[];
let secondOperator: string;

beforeAll(async () => {
  stack = await profileStack('it-miur');
  browser = await launchChromium();
  operator = await stack.api.tokenOf('operator');
  ({ memberIds } = await launchSmallLot(stack, operator, {
    name: 'Messages desk',
    institutionCode: [CODE, 'MSDK0002'],
    rows: [...STAFF, SECOND_OPERATOR],
  }));
  admin = await productMadeSchoolAdmin(stack, operator, ADMIN);
  const second = await productMadeAccount(stack, SECOND_OPERATOR, ADMIN_PASSWORD);
  await grantByLogin(stack, operator, second.login, { role: 'operator' });
  secondOperator = second.login;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('it-miur: the messages desk', () => {
  it('a school admin writes to their institution, previews it as a colleague, sends it; the emails arrive and the report shows them sent; a draft is cancelled', async () => {
    const s = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'it', folder: 'it-miur/messages', axe: true });
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(messages, key, params);
    const { page } = s;
    await open(s, stack.runtime, '/');
    await page.waitForURL(/\/sign-in/);
    await signIn(s, admin.login, ADMIN_PASSWORD);
    await page.waitForURL(/\/account/);

    // The menu offers the desk; nothing written yet to this school.
    await page
      .getByRole('link', { name: t('desks.messages'), exact: true })
      .first()
      .click();
    await page.waitForURL(/\/messages$/);
    await until(() => page.getByText(t('messaging.empty'), { exact: true }).count()).toBe(1);
    await s.check('messages-empty', t('messaging.title'));

    // Compose: a first try without a subject; the API's 400 is shown under the field.
    await page.getByRole('link', { name: t('messaging.write'), exact: true }).click();
    await s.check('compose', t('compose.title'));
    const subjectLabel = t('compose.subject', { language: 'Italiano' });
    await page
      .getByLabel(t('compose.body', { language: 'Italiano' }), { exact: true })
      .fill('Gentile {{givenName}} {{familyName}},\nla Sua casella è {{login}}.');
    await page
      .getByLabel(t('compose.sms', { language: 'Italiano' }), { exact: true })
      .fill('Ciao {{givenName}}, leggi la posta istituzionale.');
    await page.getByRole('button', { name: t('compose.save'), exact: true }).click();
    await until(() => page.getByText(s.deskT(messages, 'desk.invalidTitle'), { exact: true }).count()).toBe(1);
    // The field is marked (aria-invalid) and its problem is under it.
    await until(() => page.getByLabel(subjectLabel, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await s.check('compose-invalid', t('compose.title'));
    await page.getByLabel(subjectLabel, { exact: true }).fill('Avviso per {{givenName}}');
    // Only teachers (the three are).
    await page.getByRole('checkbox', { name: t('compose.categoryNames.teacher'), exact: true }).check();
    await page.getByRole('button', { name: t('compose.save'), exact: true }).click();

    // The draft's page: its size (the three of the school), no approval needed, the SMS in one part.
    await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const messageId = page.url().split('/').pop() as string;
    await until(() => page.locator('[data-count="recipients"]').textContent()).toBe('3');
    expect(await page.getByText(t('message.approvalNotNeeded', { threshold: 10_000 }), { exact: true }).count()).toBe(1);
    expect(await page.getByText(t('compose.categoryNames.teacher'), { exact: true }).count()).toBe(1);
    expect(
      await page.getByText(t('message.smsPartsValue', { language: 'Italiano', segments: 1, encoding: 'GSM-7' }), { exact: true }).count(),
    ).toBe(1);
    // The preview: the first recipient by default; then as a colleague found by family name.
    await until(() => page.locator('[data-preview="subject"]').count()).toBe(1);
    await page.getByLabel(t('message.findLabel'), { exact: true }).fill(COLLEAGUE.familyName);
    await page.getByRole('button', { name: t('message.find'), exact: true }).click();
    const name = `${COLLEAGUE.givenName} ${COLLEAGUE.familyName}`;
    await page.getByRole('button', { name: t('message.previewAs', { name }), exact: true }).click();
    await until(() => page.locator(`[data-preview-for="${memberIds[1]}"]`).count()).toBe(1);
    expect(await page.locator('[data-preview="subject"]').textContent()).toBe(`Avviso per ${COLLEAGUE.givenName}`);
    expect(await page.locator('[data-preview="body"]').textContent()).toContain(
      `Gentile ${COLLEAGUE.givenName} ${COLLEAGUE.familyName},\nla Sua casella è`,
    );
    expect(await page.locator('[data-preview="sms"]').textContent()).toBe(`Ciao ${COLLEAGUE.givenName}, leggi la posta istituzionale.`);
    expect(
      await page.getByText(t('message.previewFor', { address: COLLEAGUE.oldAddress, language: 'Italiano' }), { exact: true }).count(),
    ).toBe(1);
    await s.check('message-draft', t('message.title', { subject: 'Avviso per {{givenName}}' }));

    // Send now: scheduled; the schedule runs as of a minute later and fans it out.
    await page.getByRole('button', { name: t('message.send'), exact: true }).click();
    await until(() => page.getByText(t('message.sentOff'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('messaging.states.scheduled'), { exact: true }).count()).toBe(1);
    await runJob(stack.runtime, 'send-messages', new Date(Date.now() + 60_000).toISOString());
    await drained(stack.runtime, ['email', 'provision']);

    // Each of the three got their own email (the admin, who signed in, at the new mailbox).
    const addresses = [ADMIN.oldAddress.replace('@istruzione.it', '@posta.istruzione.it'), STAFF[1]?.oldAddress, STAFF[2]?.oldAddress];
    const mails = (await sesStore(stack.runtime)).filter(
      (m) => m.subject.startsWith('Avviso per ') && addresses.some((a) => m.destination.to.includes(a as string)),
    );
    expect(mails.map((m) => m.destination.to[0]).sort()).toEqual([...addresses].sort());
    expect(mails.find((m) => m.destination.to.includes(COLLEAGUE.oldAddress))?.subject).toBe(`Avviso per ${COLLEAGUE.givenName}`);

    // The page's delivery report, read again: three sent, three SMS sent.
    await page.reload();
    await until(() => page.locator('[data-count="sent"]').textContent()).toBe('3');
    await page.getByRole('button', { name: s.deskT(messages, 'desk.refresh'), exact: true }).click();
    await until(() => page.locator('[data-count="smsSent"]').textContent()).toBe('3');
    expect(await page.locator('[data-count="bounced"]').textContent()).toBe('0');
    await s.check('message-sent', t('message.title', { subject: 'Avviso per {{givenName}}' }));

    // The list: the message, in words, with its delivery figures.
    await page.getByRole('link', { name: t('message.back'), exact: true }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Avviso per {{givenName}}', exact: true }) });
    await until(() => row.count()).toBe(1);
    expect(await row.getByText(t('messaging.states.sent'), { exact: true }).count()).toBe(1);
    expect(await row.getByText(t('messaging.deliveryCell', { sent: 3, queued: 3, bounced: 0 }), { exact: true }).count()).toBe(1);
    await s.check('messages', t('messaging.title'));
    expect((await stack.api.call(admin.token, 'GET', `/v1/messages/${messageId}`)).body).toMatchObject({ state: 'sent' });

    // A second draft, written through the API, is cancelled in the desk after a confirmation.
    const second = await stack.api.call(admin.token, 'POST', '/v1/messages', {
      selection: { states: ['notified'] },
      subject: { it: 'Promemoria' },
      body: { it: 'Attivi la Sua casella, {{givenName}}.' },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await open(s, stack.runtime, `/messages/${second.body.messageId}`);
    await page.getByRole('button', { name: t('message.cancel'), exact: true }).click();
    await until(() => page.getByText(t('message.cancelConfirm'), { exact: true }).count()).toBe(1);
    await s.check('message-cancelling', t('message.title', { subject: 'Promemoria' }));
    await page.getByRole('button', { name: s.deskT(messages, 'desk.confirm'), exact: true }).click();
    await until(() => page.getByText(t('message.cancelled'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('messaging.states.cancelled'), { exact: true }).count()).toBe(1);
    expect((await stack.api.call(admin.token, 'GET', `/v1/messages/${second.body.messageId}`)).body).toMatchObject({ state: 'cancelled' });
    await s.close();
  }, 180_000);

  it('over the threshold: the operator who sends it at a time cannot approve it (the API’s 403); a second operator (Russian) finds it in the school’s list, approves it, then cancels it', async () => {
    // The operator writes to the school through the API. Test setup: the draft is made to count
    // more recipients than the profile's threshold (10,000: too many to import here), as if the
    // selection were that large; the threshold rule itself reads the stored count.
    const written = await stack.api.call(operator, 'POST', '/v1/messages', {
      selection: { institutionCodes: [CODE] },
      subject: { it: 'Comunicazione a tutto il personale' },
      body: { it: 'Gentile {{givenName}},\nla nuova posta è attiva.' },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    const messageId = written.body.messageId as string;
    await stack.db.send(
      new UpdateCommand({
        TableName: stack.runtime.resources.tables.directory,
        Key: { pk: `MESSAGE#${messageId}`, sk: 'MESSAGE' },
        UpdateExpression: 'SET recipients = :n',
        ExpressionAttributeValues: { ':n': 10_001 },
      }),
    );
    const demoOperator = stack.demoUsers.find((u) => u.role === 'operator');
    if (!demoOperator) throw new Error('no demo operator');

    const s = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'it', folder: 'it-miur/messages-approval', axe: true });
    const t = (key: string, params?: Record<string, string | number>) => s.deskT(messages, key, params);
    const { page } = s;
    const heading = t('message.title', { subject: 'Comunicazione a tutto il personale' });
    await open(s, stack.runtime, '/');
    await page.waitForURL(/\/sign-in/);
    await signIn(s, demoOperator.login, demoOperator.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await open(s, stack.runtime, `/messages/${messageId}`);
    await until(() => page.getByText(t('message.approvalNeeded', { threshold: 10_000 }), { exact: true }).count()).toBe(1);

    // Sent for tomorrow at 09:00 on the deployment's clock: it waits for a second operator.
    const tomorrow = wallClock(new Date(Date.now() + 86_400_000), 'Europe/Rome').date;
    await page.getByRole('radio', { name: t('message.sendAtTime'), exact: true }).check();
    await page.getByLabel(t('message.sendDate'), { exact: true }).fill(tomorrow.replaceAll('-', '/'));
    await page.getByLabel(t('message.sendTime'), { exact: true }).fill('09:00');
    await s.check('message-send-at', heading);
    await page.getByRole('button', { name: t('message.send'), exact: true }).click();
    await until(() => page.getByText(t('message.awaiting'), { exact: true }).count()).toBe(1);
    await until(() => page.getByText(t('messaging.states.awaiting-approval'), { exact: true }).count()).toBe(1);
    const stored = (await stack.api.call(operator, 'GET', `/v1/messages/${messageId}`)).body;
    expect(stored).toMatchObject({ state: 'awaiting-approval', sendAt: expect.any(String) });
    expect(wallClock(new Date(stored.sendAt), 'Europe/Rome')).toEqual({ date: tomorrow, time: '09:00' });

    // The one who wrote and sent it tries to approve it: the API's refusal, and its reason.
    await page.getByRole('button', { name: t('message.approve'), exact: true }).click();
    await until(() => page.locator('[data-problem-status="403"]').count()).toBe(1);
    expect(await page.getByText(s.deskT(messages, 'desk.forbiddenTitle'), { exact: true }).count()).toBe(1);
    await s.check('message-approve-refused', heading);
    expect((await stack.api.call(operator, 'GET', `/v1/messages/${messageId}`)).body.state).toBe('awaiting-approval');
    await s.close();

    // A second operator (in Russian) narrows the list to the school, finds it there and approves it.
    const o = await ConsoleSession.open(browser, { viewport: 'desktop', locale: 'ru', folder: 'it-miur/messages-approver', axe: true });
    const r = (key: string, params?: Record<string, string | number>) => o.deskT(messages, key, params);
    const subject = 'Comunicazione a tutto il personale';
    await open(o, stack.runtime, '/');
    await o.page.waitForURL(/\/sign-in/);
    // The deployment's language is Italian; they choose Russian on the sign-in page.
    await o.page.getByRole('button', { name: 'Русский', exact: true }).click();
    await signIn(o, secondOperator, ADMIN_PASSWORD);
    await o.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await o.page
      .getByRole('link', { name: r('desks.messages'), exact: true })
      .first()
      .click();
    await o.page.getByLabel(r('messaging.institution'), { exact: true }).fill(CODE);
    await o.page.getByRole('button', { name: r('messaging.show'), exact: true }).click();
    const row = o.page.getByRole('row').filter({ has: o.page.getByRole('link', { name: subject, exact: true }) });
    await until(() => row.getByText(r('messaging.states.awaiting-approval'), { exact: true }).count()).toBe(1);
    await o.check('messages-operator', r('messaging.title'));
    await row.getByRole('link', { name: subject, exact: true }).click();
    await o.page.waitForURL(new RegExp(`/messages/${messageId}$`));
    await until(() => o.page.getByRole('button', { name: r('message.approve'), exact: true }).count()).toBe(1);
    await o.page.getByRole('button', { name: r('message.approve'), exact: true }).click();
    await until(() => o.page.getByText(r('message.approved'), { exact: true }).count()).toBe(1);
    await until(() => o.page.getByText(r('messaging.states.scheduled'), { exact: true }).count()).toBe(1);
    await o.check('message-approved', r('message.title', { subject }));
    expect((await stack.api.call(operator, 'GET', `/v1/messages/${messageId}`)).body).toMatchObject({ state: 'scheduled' });

    // Before it goes, they cancel it after a confirmation.
    await o.page.getByRole('button', { name: r('message.cancel'), exact: true }).click();
    await o.page.getByRole('button', { name: o.deskT(messages, 'desk.confirm'), exact: true }).click();
    await until(() => o.page.getByText(r('message.cancelled'), { exact: true }).count()).toBe(1);
    expect((await stack.api.call(operator, 'GET', `/v1/messages/${messageId}`)).body).toMatchObject({ state: 'cancelled' });
    await o.close();
  }, 120_000);

  it('a plain staff member who opens the desk by URL sees the API’s 403', async () => {
    const user = stack.demoUsers.find((u) => u.role === 'staff');
    if (!user) throw new Error('no demo staff');
    const s = await ConsoleSession.open(browser, { viewport: 'phone', locale: 'it', folder: 'it-miur/messages-403-staff', axe: true });
    await open(s, stack.runtime, '/');
    await s.page.waitForURL(/\/sign-in/);
    await signIn(s, user.login, user.password);
    await s.page.waitForURL(/\/account/);
    expect(await s.page.getByRole('link', { name: s.t('desks.messages'), exact: true }).count()).toBe(0);
    await open(s, stack.runtime, '/messages');
    await until(() => s.page.getByText(s.deskT(messages, 'desk.forbiddenTitle'), { exact: true }).count()).toBe(1);
    await s.check('messages-forbidden', s.deskT(messages, 'messaging.title'));
    await s.close();
  }, 60_000);
});
