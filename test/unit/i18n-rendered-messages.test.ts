import { renderTemplate } from 'aws-ses-v2-local/dist/v2/renderTemplate';
import { describe, expect, it } from 'vitest';
import { contactChangedData } from '../../shared/credentials/channel-change';
import { closedNotice, expiryWarningData } from '../../shared/deadlines/sweep';
import { formatInstant } from '../../shared/i18n/dates';
import { EMAIL_TEMPLATES, type EmailTemplateName } from '../../shared/i18n/email-template-names';
import { allEmailTemplates } from '../../shared/i18n/email-templates';
import { activationNoticeData, noticeData } from '../../shared/lots/provision-account';
import type { Member } from '../../shared/members/member';
import { helpdeskData, passwordChangedData } from '../../shared/passwords/record-password-event';
import { LOCALES, type Locale, loadProfile, PROFILE_IDS, type Profile } from '../../shared/profiles';
import { resetDoneData } from '../../shared/resets/reset-password';

/**
 * Every email as a member receives it: each template rendered (as SES and the local emulator
 * render, Handlebars, strict) with the data the real senders build, for every profile, every
 * locale and every variant of the member's facts (with or without an old address, with or
 * without an alternate one, password expired or not). What a member must never read: an empty
 * value, empty parentheses, a doubled or orphaned full stop.
 */

const AT = new Date('2027-03-12T10:00:00.000Z');

/** Members as imports make them: every combination of the optional addresses. */
const VARIANTS: Array<Pick<Member, 'oldAddress' | 'alternateEmail'>> = [
  { oldAddress: 'mario.rossi@istruzione.it', alternateEmail: 'mario@example.org' },
  { oldAddress: null, alternateEmail: 'mario@example.org' },
  { oldAddress: 'mario.rossi@istruzione.it', alternateEmail: null },
];

function member(locale: Locale, over: Pick<Member, 'oldAddress' | 'alternateEmail'>): Member {
  return {
    memberId: 'm-0123456789abcdef01234567',
    nidHmac: 'h',
    nidLast3: '12A',
    givenName: 'Ayşe',
    familyName: 'Yılmaz',
    phone: '+905321234567',
    institutionCode: 'SCH001',
    category: 'teacher',
    locale,
    address: 'ayse.yilmaz@example.edu',
    state: 'notified',
    rowHash: 'h',
    createdAt: AT.toISOString(),
    updatedAt: AT.toISOString(),
    importJobId: 'j',
    lotId: 'lot-1',
    accountCreatedAt: AT.toISOString(),
    temporaryPasswordSetAt: AT.toISOString(),
    passwordChangedAt: AT.toISOString(),
    activationWindowEndsAt: '2027-05-11T10:00:00.000Z',
    ...over,
  };
}

type Data = Record<string, string | number | boolean>;

/** The data each template is sent with, from the same builders the senders call. */
function dataFor(name: EmailTemplateName, m: Member, profile: Profile): Data[] {
  // The support code is no template data of the producer's: the email consumer inserts it (withSupportCode).
  const notice = { ...noticeData(m, AT.toISOString(), profile), supportCode: 'K7Q2-M9XP' };
  // Emailed codes' templates: the email consumer inserts `code` (withEmailCode); their senders
  // (shared/passwords) build the rest inline, as here.
  const validUntil = formatInstant(AT, m.locale, profile.timeZone);
  switch (name) {
    case 'migration-notice':
      return [notice];
    case 'migration-reminder':
      return [true, false].map((passwordExpired) => ({ ...notice, reminderNumber: 2, passwordExpired }));
    case 'activation-notice':
      return [activationNoticeData(m, 60, '2027-05-11T10:00:00.000Z', profile), activationNoticeData(m, 1, AT.toISOString(), profile)];
    case 'activation-window-closed':
      return [closedNotice(m, 'activation-window', profile)?.data].filter((d): d is Data => d !== undefined);
    case 'temporary-password-expired':
      return [closedNotice(m, 'temporary-password', profile)?.data].filter((d): d is Data => d !== undefined);
    case 'password-expired':
      return [closedNotice(m, 'password-expiry', profile)?.data].filter((d): d is Data => d !== undefined);
    case 'password-expiry-warning':
      return [7, 1].map((days) => expiryWarningData(m, '2027-04-11T10:00:00.000Z', days, profile));
    case 'password-reset-done':
      return [resetDoneData(m, AT, profile)];
    case 'password-changed':
      return [passwordChangedData(m, AT, profile)];
    case 'contact-changed':
      return ([['phone'], ['alternateEmail'], ['phone', 'alternateEmail']] as Array<Parameters<typeof contactChangedData>[1]>).map(
        (changed) => contactChangedData(m, changed, AT, profile),
      );
    case 'alternate-email-code':
      return [{ login: m.address, validUntil, ...helpdeskData(profile), code: '042917' }];
    case 'password-reset-code':
      return [{ givenName: m.givenName, login: m.address, validUntil, ...helpdeskData(profile), code: '042917' }];
    case 'alternate-email-changed':
      return [true, false].map((removed) => ({
        givenName: m.givenName,
        login: m.address,
        changedAt: validUntil,
        removed,
        usableFrom: formatInstant(new Date(AT.getTime() + 86_400_000), m.locale, profile.timeZone),
        ...helpdeskData(profile),
      }));
    // Built inline by their senders (shared/phone-updates, shared/messages), as here.
    case 'phone-update-digest':
      return [
        {
          institution: m.institutionCode,
          count: 3,
          listPath: `/v1/institutions/${m.institutionCode}/phone-updates.csv`,
          helpdeskEmail: profile.helpdesk.email,
        },
      ];
    case 'staff-message':
      return [{ subject: 'Riunione', body: 'Gentile docente, …' }];
  }
}

/**
 * The placeholders a text shows with this data: those outside any `{{#if}}` branch the data does
 * not take (Handlebars: an empty string, false or 0 is false). Their values must never be empty.
 */
function shown(text: string, data: Data): string[] {
  const found: string[] = [];
  const branches: boolean[] = [];
  const truthy = (key: string) => Boolean(data[key]);
  for (const [, tag] of text.matchAll(/\{\{([^}]+)\}\}/g)) {
    const t = (tag as string).trim();
    if (t.startsWith('#if ')) branches.push(truthy(t.slice(4).trim()));
    else if (t === 'else') branches.push(!(branches.pop() as boolean));
    else if (t === '/if') branches.pop();
    else if (branches.every(Boolean)) found.push(t);
  }
  return found;
}

/** What a reader must never see. */
const FLAWS: Array<[string, RegExp]> = [
  ['empty parentheses', /\(\s*\)/],
  ['a doubled full stop', /(?<!\.)\.\.(?!\.)/],
  ['a space before punctuation', / [.,;:!?](?!\d)/],
  ['two spaces', / {2}/],
  ['a missing value', /\b(undefined|null|NaN)\b/],
  ['a placeholder left over', /\{\{|\}\}/],
];

const templates = allEmailTemplates();
const cases = PROFILE_IDS.flatMap((profileId) =>
  LOCALES.flatMap((locale) => EMAIL_TEMPLATES.map((name) => [profileId, locale, name] as const)),
);

describe('every email, every profile × locale × variant', () => {
  it.each(cases)('%s / %s / %s reads well whatever the member has', (profileId, locale, name) => {
    const profile = loadProfile(profileId);
    const t = templates.find((x) => x.name === name && x.locale === locale);
    if (!t) throw new Error(`no template ${name}/${locale}`);
    let rendered = 0;
    for (const variant of VARIANTS) {
      for (const data of dataFor(name, member(locale, variant), profile)) {
        for (const key of shown(`${t.subject}\n${t.text}`, data)) {
          expect(String(data[key] ?? ''), `${name}/${locale} needs ${key} (${JSON.stringify(variant)})`).not.toBe('');
        }
        for (const part of [t.subject, t.text]) {
          const out = renderTemplate(part, data, { strict: true });
          for (const [flaw, pattern] of FLAWS) expect(out, `${flaw} in ${name}/${locale}/${profileId}: ${out}`).not.toMatch(pattern);
        }
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThan(0);
  });

  it('a member without an old address (or without forwarding) reads no sentence about it', () => {
    const t = templates.find((x) => x.name === 'migration-notice' && x.locale === 'tr');
    const profile = loadProfile('tr-meb');
    const none = renderTemplate(
      t?.text ?? '',
      { ...noticeData(member('tr', VARIANTS[1] as never), AT.toISOString(), profile), supportCode: 'K' },
      {
        strict: true,
      },
    );
    expect(none).not.toContain('Eski adresinize');
    expect(none).not.toContain('Eski posta kutunuzda');
    // tr-meb forwards nothing: with an old address, its content may be saved, but no forwarding is promised.
    const some = renderTemplate(
      t?.text ?? '',
      { ...noticeData(member('tr', VARIANTS[0] as never), AT.toISOString(), profile), supportCode: 'K' },
      {
        strict: true,
      },
    );
    expect(some).toContain('Eski posta kutunuzda');
    expect(some).not.toContain('yönlendirilecektir');
    const italian = renderTemplate(
      templates.find((x) => x.name === 'migration-notice' && x.locale === 'it')?.text ?? '',
      { ...noticeData(member('it', VARIANTS[0] as never), AT.toISOString(), loadProfile('it-miur')), supportCode: 'K' },
      { strict: true },
    );
    expect(italian).toContain('saranno inoltrati alla nuova casella fino al');
  });

  it('a Russian date ends a sentence with one full stop', () => {
    const t = templates.find((x) => x.name === 'activation-notice' && x.locale === 'ru');
    const out = renderTemplate(
      t?.text ?? '',
      activationNoticeData(member('ru', VARIANTS[0] as never), 60, '2027-05-11T10:00:00.000Z', loadProfile('ru-moscow')),
      { strict: true },
    );
    expect(out).toContain('не позднее 11 мая 2027.');
  });
});
