import { renderTemplate } from 'aws-ses-v2-local/dist/v2/renderTemplate';
import { describe, expect, it } from 'vitest';
import { EMAIL_CODE_TEMPLATES } from '../../shared/email/email-code';
import { EMAIL_TEMPLATES, type EmailTemplateName } from '../../shared/i18n/email-template-names';
import { allEmailTemplates, templatePlaceholders } from '../../shared/i18n/email-templates';
import { LOCALES } from '../../shared/profiles';

const HELPDESK = ['helpdeskEmail', 'helpdeskHours', 'helpdeskPhone'];

/** The data contract of each template: what a sender must put in `data`. */
const EXPECTED: Record<EmailTemplateName, string[]> = {
  'password-changed': ['changedAt', 'givenName', 'login', ...HELPDESK],
  'migration-notice': [
    'forwardingUntil',
    'givenName',
    'login',
    'migrationDate',
    'oldAddress',
    'phoneLast3',
    'smsRefused',
    'supportCode',
    'tempPasswordDays',
    'webmailUrl',
    ...HELPDESK,
  ],
  'migration-reminder': [
    'forwardingUntil',
    'givenName',
    'login',
    'migrationDate',
    'oldAddress',
    'passwordExpired',
    'phoneLast3',
    'reminderNumber',
    'supportCode',
    'tempPasswordDays',
    'webmailUrl',
    ...HELPDESK,
  ],
  'activation-notice': [
    'activationDays',
    'activationDeadline',
    'activationUrl',
    'givenName',
    'login',
    'nationalIdName',
    'smsRefused',
    'tempPasswordDays',
    ...HELPDESK,
  ],
  'activation-window-closed': ['givenName', 'login', 'windowEndedOn', ...HELPDESK],
  'temporary-password-expired': ['givenName', 'login', 'tempPasswordDays', ...HELPDESK],
  'password-expiry-warning': ['daysLeft', 'expiresOn', 'givenName', 'login', 'maxAgeDays', 'webmailUrl', ...HELPDESK],
  'password-expired': ['givenName', 'login', 'maxAgeDays', ...HELPDESK],
  'password-reset-done': ['givenName', 'login', 'phoneLast3', 'resetAt', 'smsRefused', 'tempPasswordDays', 'webmailUrl', ...HELPDESK],
  // `code` is inserted by the email consumer (EMAIL_CODE_TEMPLATES), never by a producer.
  'alternate-email-code': ['code', 'login', 'validUntil', ...HELPDESK],
  'password-reset-code': ['code', 'givenName', 'login', 'validUntil', ...HELPDESK],
  'alternate-email-changed': ['changedAt', 'givenName', 'login', 'removed', 'usableFrom', ...HELPDESK],
  'contact-changed': ['changedAt', 'emailChanged', 'givenName', 'held', 'holdHours', 'login', 'phoneChanged', ...HELPDESK],
  'phone-update-digest': ['count', 'helpdeskEmail', 'institution', 'listPath'],
  'staff-message': ['body', 'subject'],
};

/**
 * Placeholder names that would carry a secret. `supportCode` ends in "Code" but is a reference the
 * helpdesk looks the member up by; it grants nothing by itself.
 */
const SECRET_NAME = /(password|passwd|passcode|code|otp|pin|secret|token)$/i;
const NOT_SECRET = new Set(['supportCode']);

const all = allEmailTemplates();

describe('email templates', () => {
  it('exist in every locale with a one-line subject and a body', () => {
    expect(all).toHaveLength(EMAIL_TEMPLATES.length * LOCALES.length);
    for (const name of EMAIL_TEMPLATES) {
      for (const locale of LOCALES) {
        const t = all.find((x) => x.name === name && x.locale === locale);
        expect(t, `${name}/${locale}`).toBeDefined();
        expect(t?.subject.trim()).not.toBe('');
        expect(t?.subject).not.toMatch(/\n/);
        expect(t?.text.length).toBeGreaterThan(t?.subject.length ?? 0);
      }
    }
  });

  it.each(EMAIL_TEMPLATES)('%s is translated, not copied, into every locale', (name) => {
    const mine = all.filter((t) => t.name === name);
    // A message to staff has the sender's own subject in every locale (only Posta's footer is ours).
    if (name !== 'staff-message') expect(new Set(mine.map((t) => t.subject)).size).toBe(LOCALES.length);
    expect(new Set(mine.map((t) => t.text)).size).toBe(LOCALES.length);
    expect(mine.find((t) => t.locale === 'ru')?.text).toMatch(/[А-Яа-яЁё]/);
    expect(mine.find((t) => t.locale === 'tr')?.text).toMatch(/[çğıöşüİ]/);
  });

  it.each(EMAIL_TEMPLATES)('%s uses exactly the same placeholders in every locale', (name) => {
    const union = templatePlaceholders(name);
    for (const locale of LOCALES) expect(templatePlaceholders(name, locale), locale).toEqual(union);
  });

  it.each(EMAIL_TEMPLATES)('%s asks for the documented data', (name) => {
    expect(templatePlaceholders(name)).toEqual([...EXPECTED[name]].sort());
  });

  it('never mentions a secret placeholder, but the one-time code the consumer inserts (and never in a subject)', () => {
    for (const t of all) {
      expect(t.subject).not.toMatch(/\{\{\s*(password|code|otp)\s*\}\}/i);
      if (EMAIL_CODE_TEMPLATES.has(t.name)) expect(t.text.split('{{code}}')).toHaveLength(2);
      else expect(t.text).not.toMatch(/\{\{\s*(password|code|otp)\s*\}\}/i);
    }
    for (const name of EMAIL_TEMPLATES) {
      const secrets = templatePlaceholders(name).filter((p) => SECRET_NAME.test(p) && !NOT_SECRET.has(p));
      expect(secrets, name).toEqual(EMAIL_CODE_TEMPLATES.has(name) ? ['code'] : []);
    }
  });

  it('uses plain SES placeholders only: balanced, no helper but {{#if}}, no triple braces', () => {
    for (const t of all) {
      for (const part of [t.subject, t.text, t.html]) {
        const opened = part.split('{{').length - 1;
        const plain = [...part.matchAll(/\{\{(?:#if )?[A-Za-z_][A-Za-z0-9_]*\}\}|\{\{\/if\}\}/g)].length;
        expect(opened, `${t.name}/${t.locale}`).toBe(plain);
        expect(part.split('}}').length - 1).toBe(plain);
        expect(part).not.toContain('{{{');
      }
      // A conditional opens and closes inside one paragraph, so text and HTML keep their shape.
      for (const paragraph of t.text.split('\n\n')) {
        expect(paragraph.split('{{#if ').length, `${t.name}/${t.locale}`).toBe(paragraph.split('{{/if}}').length);
      }
    }
  });

  it('a reminder past the temporary-password deadline says the password expired instead of asking to sign in with it', () => {
    // Rendered as the local SES emulator renders (Handlebars, strict: every key must be there).
    for (const locale of LOCALES) {
      const t = all.find((x) => x.name === 'migration-reminder' && x.locale === locale);
      const data = Object.fromEntries(templatePlaceholders('migration-reminder').map((k) => [k, `<${k}>`]));
      const render = (d: Record<string, unknown>) => renderTemplate(t?.text ?? '', d, { strict: true });
      const current = render({ ...data, passwordExpired: false });
      const expired = render({ ...data, passwordExpired: true });
      expect(current, locale).toContain('<webmailUrl>');
      expect(expired, locale).not.toContain('<webmailUrl>');
      expect(expired, locale).toContain('<supportCode>');
      expect(expired.split('<helpdeskPhone>').length, locale).toBeGreaterThan(current.split('<helpdeskPhone>').length);
    }
  });

  it('renders the same paragraphs as text and HTML', () => {
    for (const t of all) {
      expect(t.html.replace(/<\/?p[^>]*>/g, '').split('\n')).toEqual(t.text.split('\n\n'));
    }
  });
});
