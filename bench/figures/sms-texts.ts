import { smsSegments } from '../../shared/i18n/sms-segments';
import { SECRET_SMS_KINDS, SMS_KINDS, type SmsKind, type SmsValues, smsText } from '../../shared/i18n/sms-texts';
import { LOCALES } from '../../shared/profiles';
import { informative, lessThanOrEqual, type Row } from '../report';

/** Realistic values: long Russian/Turkish-style logins, a 14-character password, 6-digit codes. */
const SAMPLES: { [K in SmsKind]: SmsValues[K] } = {
  'temporary-password': { login: 'aleksandra.konstantinopolskaia@edu.mos.ru', password: 'Xq7#mR2p!vK9sT' },
  'activation-code': { code: '483920' },
  'activation-notice': { days: 60, url: 'https://lk.edu.mos.ru/activate', idName: 'СНИЛС', withEmail: true },
  'activation-window-closed': {},
  'expiry-warning': { daysLeft: 7 },
  'password-expired': {},
  'temporary-password-expired': {},
  'reset-password': { password: 'Xq7#mR2p!vK9sT' },
  'late-request-approved': { login: 'aleksandra.konstantinopolskaia@edu.mos.ru' },
  'late-request-rejected': {},
  'mailbox-password': { login: 'ataturk.ilkokulu.mudurluk@meb.k12.tr', password: 'Xq7#mR2p!vK9sT' },
  'mailbox-expiry-warning': { login: 'ataturk.ilkokulu.mudurluk@meb.k12.tr', daysLeft: 7 },
  'mailbox-closed': { login: 'ataturk.ilkokulu.mudurluk@meb.k12.tr' },
  'mailbox-responsible': { login: 'ataturk.ilkokulu.mudurluk@meb.k12.tr' },
  'alternate-email-changed': { helpdeskPhone: '+390800000000' },
  'already-member': { login: 'aleksandra.konstantinopolskaia@edu.mos.ru', helpdeskPhone: '+74950000000' },
  'contact-changed': { helpdeskPhone: '+74950000000' },
};

/**
 * Figure 5: every SMS kind in every locale, rendered with realistic values, and its segment count.
 * Texts with a secret (codes, passwords) must be one segment: a split SMS can arrive out of order.
 */
export function smsTextFigure(): Row[] {
  const rows: Row[] = [];
  for (const kind of SMS_KINDS) {
    const secret = (SECRET_SMS_KINDS as readonly string[]).includes(kind);
    for (const locale of LOCALES) {
      const text = smsText(kind, locale, SAMPLES[kind] as never);
      const { segments, encoding } = smsSegments(text);
      const label = `${kind} (${locale}, ${encoding}, ${text.length} chars)`;
      rows.push(secret ? lessThanOrEqual('sms', label, segments, 'segments', 1) : informative('sms', label, segments, 'segments'));
    }
  }
  return rows;
}
