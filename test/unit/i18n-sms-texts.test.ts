import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../shared/i18n/sms-segments';
import { maxSmsParts, SECRET_SMS_KINDS, SMS_KINDS, type SmsKind, type SmsValues, smsText } from '../../shared/i18n/sms-texts';
import { LOCALES, loadProfile, PROFILE_IDS } from '../../shared/profiles';

const PASSWORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ23456789!#%+=?@';

/** Deterministic pseudo-random passwords drawn from the generator's alphabet. */
function passwords(count: number): string[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 14 }, () => PASSWORD_ALPHABET[next() % PASSWORD_ALPHABET.length]).join(''),
  );
}

const WORST_PASSWORDS = ['@@@@@@@@@@@@@@', '?#%+=!@?#%+=!@', 'WWWWWWWWWWWWWW', ...passwords(50)];
const SHORT_LOGIN = 'ivanova.mp@edu.mos.ru';
const LONG_LOGIN = 'mariagrazia.derossi2@posta.istruzione.it'; // 40 characters
const LOGINS = [SHORT_LOGIN, 'ayse.yilmaz@meb.k12.tr', 'mario.rossi2@posta.istruzione.it', LONG_LOGIN];
/** The profiles' helpdesk numbers and the longest E.164 number there is (15 digits). */
const HELPDESK_PHONES = ['+390612345678', '+74950000000', '+908502000000', '+390612345678901'];

/** Realistic worst cases for every kind. */
const CASES: { [K in SmsKind]: SmsValues[K][] } = {
  'temporary-password': LOGINS.flatMap((login) => WORST_PASSWORDS.map((password) => ({ login, password }))),
  'activation-code': ['000000', '999999', '123456'].map((code) => ({ code })),
  // Every profile's own activation page (its activation URL, else its webmail), with and without an email.
  'activation-notice': PROFILE_IDS.flatMap((id) =>
    [1, 2, 5, 11, 21, 22, 60, 365, 3650].flatMap((days) =>
      [true, false].map((withEmail) => {
        const p = loadProfile(id);
        return { days, url: p.activationUrl ?? p.webmailUrl, idName: 'T.C. Kimlik No', withEmail };
      }),
    ),
  ),
  'activation-window-closed': [{}],
  'expiry-warning': [1, 2, 3, 5, 7, 11, 21, 30, 365].map((daysLeft) => ({ daysLeft })),
  'password-expired': [{}],
  'temporary-password-expired': [{}],
  'reset-password': WORST_PASSWORDS.map((password) => ({ password })),
  'late-request-approved': LOGINS.map((login) => ({ login })),
  'late-request-rejected': [{}],
  'mailbox-password': LOGINS.flatMap((login) => WORST_PASSWORDS.map((password) => ({ login, password }))),
  'mailbox-expiry-warning': LOGINS.flatMap((login) => [1, 3, 7, 21, 365].map((daysLeft) => ({ login, daysLeft }))),
  'mailbox-closed': LOGINS.map((login) => ({ login })),
  'mailbox-responsible': LOGINS.map((login) => ({ login })),
  // The profiles' helpdesk numbers and a longer, spaced one.
  'alternate-email-changed': ['+390800000000', '+74950000000', '+903124130000', '+90 312 413 00 00'].map((helpdeskPhone) => ({
    helpdeskPhone,
  })),
  'already-member': LOGINS.flatMap((login) => HELPDESK_PHONES.map((helpdeskPhone) => ({ login, helpdeskPhone }))),
  'contact-changed': HELPDESK_PHONES.map((helpdeskPhone) => ({ helpdeskPhone })),
};

function allCases(): [SmsKind, (typeof LOCALES)[number], SmsValues[SmsKind]][] {
  return SMS_KINDS.flatMap((kind) =>
    LOCALES.flatMap((locale) =>
      (CASES[kind] as SmsValues[SmsKind][]).map((v) => [kind, locale, v] as [SmsKind, (typeof LOCALES)[number], SmsValues[SmsKind]]),
    ),
  );
}

describe('smsText', () => {
  it.each(SMS_KINDS.flatMap((kind) => LOCALES.map((locale) => [kind, locale] as const)))(
    '%s / %s is a single SMS with worst-case values (two at most for an invitation without email)',
    (kind, locale) => {
      for (const values of CASES[kind] as SmsValues[SmsKind][]) {
        const text = smsText(kind, locale, values as never);
        expect(smsSegments(text).segments, text).toBeLessThanOrEqual(maxSmsParts(kind, values as never));
        if ((SECRET_SMS_KINDS as readonly SmsKind[]).includes(kind)) expect(smsSegments(text).segments, text).toBe(1);
      }
    },
  );

  it('keeps Italian and English in GSM-7 and Russian and Turkish within 70 characters a part', () => {
    for (const [kind, locale, values] of allCases()) {
      const text = smsText(kind, locale, values as never);
      const { encoding, units } = smsSegments(text);
      if (locale === 'it' || locale === 'en') expect(encoding, text).toBe('GSM-7');
      else expect(units, text).toBeLessThanOrEqual(maxSmsParts(kind, values as never) === 1 ? 70 : 134);
    }
  });

  it('an activation invitation carries the activation page, and without an email what to enter', () => {
    for (const locale of LOCALES) {
      for (const id of PROFILE_IDS) {
        const p = loadProfile(id);
        const url = p.activationUrl ?? p.webmailUrl;
        const withEmail = smsText('activation-notice', locale, { days: 60, url, idName: 'СНИЛС', withEmail: true });
        const alone = smsText('activation-notice', locale, { days: 60, url, idName: 'СНИЛС', withEmail: false });
        // Nothing after the URL, so no phone takes our punctuation into the link.
        expect(withEmail.endsWith(` ${url}`), withEmail).toBe(true);
        expect(alone.endsWith(` ${url}`), alone).toBe(true);
        expect(alone, alone).toContain('СНИЛС');
        expect(withEmail, withEmail).not.toMatch(/instructions in the email$/i);
      }
    }
  });

  it('no text has an empty value, empty parentheses or doubled punctuation, in any locale or variant', () => {
    for (const [kind, locale, values] of allCases()) {
      const text = smsText(kind, locale, values as never);
      expect(text, text).not.toMatch(/\(\s*\)|\.\.|\s[.,:;]|\s{2}|undefined|null/);
    }
  });

  it('carries every secret whole, once, at the very end', () => {
    for (const [kind, locale, values] of allCases()) {
      if (!(SECRET_SMS_KINDS as readonly SmsKind[]).includes(kind)) continue;
      const secret = 'password' in values ? values.password : (values as { code: string }).code;
      const text = smsText(kind, locale, values as never);
      expect(text.endsWith(`: ${secret}`), text).toBe(true);
      expect(text.split(secret)).toHaveLength(2);
    }
  });

  it('names the login when it fits and leaves it out, not the password, when it does not', () => {
    const password = 'Ab3#Kx9=?@mn+%';
    for (const locale of LOCALES) {
      expect(smsText('temporary-password', locale, { login: SHORT_LOGIN, password })).toContain(SHORT_LOGIN);
    }
    for (const locale of ['it', 'en'] as const) {
      expect(smsText('temporary-password', locale, { login: LONG_LOGIN, password })).toContain(LONG_LOGIN);
    }
    for (const locale of ['ru', 'tr'] as const) {
      const text = smsText('temporary-password', locale, { login: LONG_LOGIN, password });
      expect(text).not.toContain(LONG_LOGIN);
      expect(text.endsWith(password)).toBe(true);
    }
  });

  it('leaves out a login outside GSM-7 rather than sending two UCS-2 parts', () => {
    const login = `${'ж'.repeat(80)}@edu.mos.ru`; // forces UCS-2 in every locale
    const text = smsText('temporary-password', 'it', { login, password: 'Ab3#Kx9=?@mn+%' });
    expect(text).not.toContain(login);
    expect(text.endsWith('Ab3#Kx9=?@mn+%')).toBe(true);
  });

  it('puts day counts in the right Russian plural form and case', () => {
    const warn = (daysLeft: number) => smsText('expiry-warning', 'ru', { daysLeft });
    expect(warn(1)).toContain('через 1 день.');
    expect(warn(3)).toContain('через 3 дня.');
    expect(warn(5)).toContain('через 5 дней.');
    expect(warn(11)).toContain('через 11 дней.');
    expect(warn(21)).toContain('через 21 день.');
    expect(warn(22)).toContain('через 22 дня.');
    const url = 'https://lk.edu.mos.ru/activate';
    const activate = (days: number) => smsText('activation-notice', 'ru', { days, url, idName: 'СНИЛС', withEmail: true });
    expect(activate(1)).toContain('за 1 день:');
    expect(activate(21)).toContain('за 21 день:');
    expect(activate(3)).toContain('за 3 дня:');
    expect(activate(60)).toContain('за 60 дней:');
    expect(activate(111)).toContain('за 111 дней:');
  });

  it('uses singular and plural days in Italian and English', () => {
    expect(smsText('expiry-warning', 'it', { daysLeft: 1 })).toContain('tra 1 giorno.');
    expect(smsText('expiry-warning', 'it', { daysLeft: 3 })).toContain('tra 3 giorni.');
    expect(smsText('expiry-warning', 'en', { daysLeft: 1 })).toContain('in 1 day.');
    expect(smsText('expiry-warning', 'en', { daysLeft: 7 })).toContain('in 7 days.');
    expect(smsText('expiry-warning', 'tr', { daysLeft: 7 })).toContain('7 gün sonra');
  });

  it('differs per locale', () => {
    for (const kind of SMS_KINDS) {
      const values = (CASES[kind] as SmsValues[SmsKind][])[0] as never;
      expect(new Set(LOCALES.map((l) => smsText(kind, l, values))).size).toBe(LOCALES.length);
    }
  });
});
