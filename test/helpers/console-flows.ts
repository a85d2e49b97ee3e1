import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Runtime } from '../../local/stack';
import { type ConsoleSession, until } from './console-browser';
import { eventually, localClients, sesStore } from './local-clients';

/*
 * What a person does in the console, step by step, through the page's own labels (in the page's
 * language). Each step checks the page it lands on (ConsoleSession.check: heading, no raw code,
 * axe-core, screenshot). `keyboard: true` does the step with the keyboard only: Tab to each
 * field, type, Enter.
 */

export async function open(s: ConsoleSession, runtime: Runtime, path: string): Promise<void> {
  await s.page.goto(`${runtime.urls.console.replace(/\/$/, '')}${path}`);
}

/** Fills a field by its label, or with the keyboard alone: Tab until it has focus, then type. */
async function enter(s: ConsoleSession, label: string, value: string, keyboard: boolean): Promise<void> {
  if (keyboard) {
    await s.tabTo(label);
    await s.page.keyboard.type(value);
  } else {
    await s.page.getByLabel(label, { exact: true }).fill(value);
  }
}

async function submit(s: ConsoleSession, button: string, keyboard: boolean): Promise<void> {
  if (keyboard) await s.page.keyboard.press('Enter');
  else await s.page.getByRole('button', { name: button, exact: true }).click();
}

/** How many password rules the page shows as met ("done" icons). */
const rulesMet = (s: ConsoleSession) => s.page.getByRole('img', { name: s.t('passwordRules.met'), exact: true }).count();

/**
 * Types a new password twice on a page with the rules list: first a weak one (the rules show
 * what is missing, as the user types, and the page refuses it), then the real one.
 */
export async function chooseNewPassword(s: ConsoleSession, password: string, submitLabel: string, keyboard: boolean): Promise<void> {
  const newLabel = s.t('newPassword.password');
  const confirmLabel = s.t('newPassword.confirm');
  if (keyboard) {
    await s.tabTo(newLabel);
    await s.page.keyboard.type('short');
    // Lowercase met; length, uppercase, digit, symbol and the match not yet.
    await until(() => rulesMet(s)).toBe(2);
    for (let i = 0; i < 5; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.type(password);
    await s.tabTo(confirmLabel);
    await s.page.keyboard.type(password);
    await until(() => rulesMet(s)).toBe(7);
    await s.page.keyboard.press('Enter');
    return;
  }
  const field = s.page.getByLabel(newLabel, { exact: true });
  await field.fill('short');
  await until(() => rulesMet(s)).toBe(2);
  await s.page.getByRole('button', { name: submitLabel, exact: true }).click();
  // Refused in the page: the field says the rules are not met yet, nothing was sent.
  await until(() => s.page.getByText(s.t('fieldErrors.rules'), { exact: true }).count()).toBe(1);
  await field.fill(password);
  await s.page.getByLabel(confirmLabel, { exact: true }).fill(`${password}x`);
  await s.page.getByRole('button', { name: submitLabel, exact: true }).click();
  await until(() => s.page.getByText(s.t('fieldErrors.mismatch'), { exact: true }).count()).toBe(1);
  await s.page.getByLabel(confirmLabel, { exact: true }).fill(password);
  await until(() => rulesMet(s)).toBe(7);
  await s.page.getByRole('button', { name: submitLabel, exact: true }).click();
}

/** The sign-in page: the login and a password. Lands on the account page, or on the new-password step after a temporary password. */
export async function signIn(s: ConsoleSession, login: string, password: string, keyboard = false): Promise<void> {
  await s.check('sign-in', s.t('signIn.title'));
  await enter(s, s.t('signIn.login'), login, keyboard);
  await enter(s, s.t('signIn.password'), password, keyboard);
  await submit(s, s.t('signIn.submit'), keyboard);
}

/** First sign-in with the SMS password: Cognito's NEW_PASSWORD_REQUIRED, answered on the page with the member's own password. */
export async function firstSignIn(s: ConsoleSession, login: string, temporaryPassword: string, own: string, keyboard = false) {
  await signIn(s, login, temporaryPassword, keyboard);
  await s.check('new-password', s.t('newPassword.title'));
  await chooseNewPassword(s, own, s.t('newPassword.submit'), keyboard);
  await s.page.waitForURL(/\/account/);
  await s.check('account', s.t('account.title'));
  await until(() => s.page.getByText(s.t('newPassword.done'), { exact: true }).count()).toBe(1);
}

/** The account page's facts: the address, the state, when the password changed and expires, forwarding. */
export async function accountShows(s: ConsoleSession, facts: string[]): Promise<void> {
  const missing = async () => {
    const body = (await s.page.locator('main').textContent()) ?? '';
    return facts.filter((f) => !body.includes(f));
  };
  // The sign-in trigger records the first chosen password as the page loads: a person would reload.
  for (let i = 0; i < 20 && (await missing()).length > 0; i++) {
    await s.page.waitForTimeout(500);
    if (i % 4 === 3) await s.page.reload();
  }
  expect(await missing(), 'facts missing on the account page').toEqual([]);
}

/** My account → change password: a wrong current password is refused with a sentence, the right one changes it. */
export async function changePassword(s: ConsoleSession, current: string, next: string): Promise<void> {
  const page = s.page;
  await page.getByLabel(s.t('account.current'), { exact: true }).fill(`${current}-wrong`);
  await page.getByLabel(s.t('newPassword.password'), { exact: true }).fill(next);
  await page.getByLabel(s.t('newPassword.confirm'), { exact: true }).fill(next);
  await page.getByRole('button', { name: s.t('account.submit'), exact: true }).click();
  // The cloud says current_password_invalid; cognito-local reports a wrong current password as a
  // refused new one (README, emulator gaps): either way a sentence of the catalog, never a code.
  const refused = [s.t('errors.current_password_invalid'), s.t('errors.password_reused')];
  await until(async () => {
    for (const sentence of refused) if ((await page.getByText(sentence, { exact: true }).count()) > 0) return true;
    return false;
  }).toBe(true);
  await s.check('account-change-refused', s.t('account.title'));
  await page.getByLabel(s.t('account.current'), { exact: true }).fill(current);
  await page.getByRole('button', { name: s.t('account.submit'), exact: true }).click();
  await until(() => page.getByText(s.t('account.changed'), { exact: true }).count()).toBe(1);
  await s.check('account-password-changed', s.t('account.title'));
}

/**
 * My account → alternate email: an address on the ministry's own domain is refused under the
 * field; the member's own address gets a code by email, a wrong code is refused, the right one
 * confirms it (the page then shows it confirmed, masked).
 */
export async function proveAlternateEmail(s: ConsoleSession, address: string, code: () => Promise<string>, domain: string): Promise<void> {
  const page = s.page;
  const field = page.getByLabel(s.t('alternateEmail.address'), { exact: true });
  await field.fill(`someone@${domain}`);
  await page.getByRole('button', { name: s.t('alternateEmail.send'), exact: true }).click();
  await until(() => page.getByText(s.t('errors.alternate_email_domain'), { exact: true }).count()).toBeGreaterThan(0);
  await field.fill(address);
  await page.getByRole('button', { name: s.t('alternateEmail.send'), exact: true }).click();
  const codeField = page.getByLabel(s.t('alternateEmail.code'), { exact: true });
  await until(() => codeField.count()).toBe(1);
  await s.check('account-alternate-email-code', s.t('account.title'));
  const right = await code();
  await codeField.fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: s.t('alternateEmail.verify'), exact: true }).click();
  await until(() => page.getByText(s.t('errors.code_invalid'), { exact: true }).count()).toBe(1);
  await codeField.fill(right);
  await page.getByRole('button', { name: s.t('alternateEmail.verify'), exact: true }).click();
  await until(() => page.getByText(s.t('alternateEmail.verifiedNow'), { exact: true }).count()).toBe(1);
  // Shown confirmed and masked, as the API gives it: never the whole address.
  const confirmed = s.t('alternateEmail.verified', { address: '' }).trim();
  await until(async () => ((await page.locator('main').textContent()) ?? '').includes(confirmed)).toBe(true);
  expect((await page.locator('main').textContent()) ?? '').not.toContain(address);
  await s.check('account-alternate-email-confirmed', s.t('account.title'));
}

export async function signOut(s: ConsoleSession): Promise<void> {
  await s.page.getByRole('button', { name: s.t('app.signOut'), exact: true }).click();
  await s.page.waitForURL(/\/sign-in\?signedOut=1/);
  await until(() => s.page.getByText(s.t('signIn.signedOut'), { exact: true }).count()).toBe(1);
}

/**
 * Forgot password, from the sign-in page's link: the login (and, for `email`, the choice of the
 * alternate email), then a wrong code (refused under the code field), then the right code with a
 * new password; back to sign-in with it.
 */
export async function forgotAndReset(
  s: ConsoleSession,
  login: string,
  resetCode: () => Promise<string>,
  next: string,
  channel: 'sms' | 'email' = 'sms',
): Promise<void> {
  const page = s.page;
  // Pages of the email channel are screenshots (and axe runs) of their own.
  const name = (step: string) => (channel === 'email' ? step.replace('forgot', 'forgot-email') : step);
  await page.getByRole('link', { name: s.t('signIn.forgot'), exact: true }).click();
  if (channel === 'email') await page.getByRole('radio', { name: s.t('forgot.channelEmail'), exact: true }).check();
  await s.check(name('forgot'), s.t('forgot.title'));
  await page.getByLabel(s.t('forgot.login'), { exact: true }).fill(login);
  await page.getByRole('button', { name: s.t('forgot.send'), exact: true }).click();
  await s.check(name('forgot-code'), s.t('forgot.codeTitle'));
  // The page says where the code went.
  const sent = channel === 'email' ? s.t('forgot.codeSentEmail') : s.t('forgot.codeSent');
  await until(() => page.getByText(sent, { exact: true }).count()).toBe(1);
  const code = await resetCode();
  const codeLabel = s.t(channel === 'email' ? 'forgot.codeEmail' : 'forgot.code');
  await page.getByLabel(codeLabel, { exact: true }).fill(code === '000000' ? '111111' : '000000');
  await page.getByLabel(s.t('newPassword.password'), { exact: true }).fill(next);
  await page.getByLabel(s.t('newPassword.confirm'), { exact: true }).fill(next);
  await page.getByRole('button', { name: s.t('forgot.submit'), exact: true }).click();
  await until(() => page.getByText(s.t('errors.code_invalid'), { exact: true }).count()).toBe(1);
  await s.check(name('forgot-code-refused'), s.t('forgot.codeTitle'));
  await page.getByLabel(codeLabel, { exact: true }).fill(code);
  await page.getByRole('button', { name: s.t('forgot.submit'), exact: true }).click();
  await s.check(name('forgot-done'), s.t('forgot.doneTitle'));
  await page.getByRole('button', { name: s.t('forgot.toSignIn'), exact: true }).click();
  await page.waitForURL(/\/sign-in/);
  // The login is already filled in.
  expect(await page.getByLabel(s.t('signIn.login'), { exact: true }).inputValue()).toBe(login);
  await page.getByLabel(s.t('signIn.password'), { exact: true }).fill(next);
  await page.getByRole('button', { name: s.t('signIn.submit'), exact: true }).click();
  await page.waitForURL(/\/account/);
  await s.check(channel === 'email' ? 'account-after-email-reset' : 'account-after-reset', s.t('account.title'));
}

/** The newest SMS to a phone once there are at least `count` (the SMS sink, newest first). */
export async function nthSms(runtime: Runtime, phone: string, count: number): Promise<SmsRecord> {
  const list = await eventually(
    async () => (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[],
    (l) => l.length >= count,
    60_000,
  );
  expect(list.length, `SMS to ${phone}`).toBeGreaterThanOrEqual(count);
  return list[0] as SmsRecord;
}

export const smsCount = async (runtime: Runtime, phone: string) =>
  ((await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(phone)}`)).json()) as SmsRecord[]).length;

/** The temporary password or code at the end of an SMS text. */
export const secretAtEnd = (sms: SmsRecord) => /(\S+)\s*$/.exec(sms.message)?.[1] ?? '';

/**
 * EMULATOR GAP (README): cognito-local runs ForgotPassword only for users with an `email`
 * attribute (the cloud pool sends the code by SMS to the verified phone). The test gives the
 * member one, set to the login itself, before the reset.
 */
export async function makeRecoverable(runtime: Runtime, login: string): Promise<void> {
  const { cognito } = localClients(runtime);
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: runtime.resources.userPoolId,
      Username: login,
      UserAttributes: [{ Name: 'email', Value: login }],
    }),
  );
  cognito.destroy();
}

/**
 * TEST-ONLY PEEK: in the cloud the reset code goes out by SMS through Cognito itself and Posta
 * never sees it; cognito-local keeps it on the user in its JSON database, read here.
 */
export async function resetCodeOf(runtime: Runtime, login: string): Promise<string> {
  const file = join(runtime.stateDir, 'cognito', '.cognito', 'db', `${runtime.resources.userPoolId}.json`);
  const code = await eventually(
    async () => {
      let users: Record<string, { Username: string; ConfirmationCode?: string }>;
      try {
        users = JSON.parse(readFileSync(file, 'utf8')).Users;
      } catch {
        return ''; // cognito-local is writing the file right now
      }
      return Object.values(users).find((u) => u.Username.toLowerCase() === login.toLowerCase())?.ConfirmationCode ?? '';
    },
    (c) => /^\d{6}$/.test(c),
  );
  expect(code).toMatch(/^\d{6}$/);
  return code;
}

/** The 6-digit code in the newest email to `address` whose subject matches, once it has arrived (the SES emulator's store). */
export async function emailedCode(runtime: Runtime, address: string, subject: RegExp, count = 1): Promise<string> {
  const mails = await eventually(
    async () => (await sesStore(runtime)).filter((m) => m.destination.to.includes(address) && subject.test(m.subject)),
    (list) => list.length >= count,
    60_000,
  );
  expect(mails.length, `emails to ${address}`).toBeGreaterThanOrEqual(count);
  return /\b(\d{6})\b/.exec(mails.at(-1)?.body.text ?? '')?.[1] ?? 'missing';
}
