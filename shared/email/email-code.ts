import { createHmac } from 'node:crypto';
import { derivedKey } from '../otp/otp';
import type { EmailMessage } from './email-message';

/**
 * One-time codes that travel by email (an alternate email's verification, a password reset by
 * email). Like the SMS codes they are 6 digits and only their keyed hash is stored
 * (shared/otp). Unlike an SMS, an email leaves through the email queue, and no code may sit in a
 * queue message, its dead-letter queue, the idempotency record or a log: so the code is not
 * drawn at random but derived from the email's business key with a key of its own, by the
 * producer (which stores the hash) and again by the email consumer just before SES — the message
 * carries the business key only. A redelivered message derives the same code, so it still
 * matches the stored hash, and the consumer's idempotency sends it once.
 */

/** The templates that carry a code (`{{code}}`), inserted by the email consumer. */
export const EMAIL_CODE_TEMPLATES: ReadonlySet<EmailMessage['template']> = new Set(['alternate-email-code', 'password-reset-code']);

/** `businessKey → 6 digits`, with the deployment's key. */
export type EmailCoder = (businessKey: string) => string;

/**
 * HOTP's dynamic truncation (RFC 4226 §5.3; RFC 6238 allows HMAC-SHA-256) over the business key:
 * 31 bits of the MAC taken at an offset the MAC itself picks, reduced modulo 10^6 (bias below
 * one in two thousand, as in HOTP). The key is HKDF-derived from the `emailCodeKey` secret (bound
 * to the routes that issue such codes and to the email consumer), for this purpose only.
 */
export function emailCoder(secret: string, digits = 6): EmailCoder {
  const key = derivedKey(secret, 'email-code');
  return (businessKey) => {
    const mac = createHmac('sha256', key).update(businessKey).digest();
    const offset = (mac[mac.length - 1] as number) & 0x0f;
    const binary = mac.readUInt32BE(offset) & 0x7fffffff;
    return String(binary % 10 ** digits).padStart(digits, '0');
  };
}

/**
 * The message as SES gets it: a code template gains `code`, derived from its business key; a
 * `code` a producer put in the data of any template is dropped, never sent on.
 */
export function withEmailCode(message: EmailMessage, coder: EmailCoder): EmailMessage {
  const { code: _dropped, ...data } = message.data;
  if (!EMAIL_CODE_TEMPLATES.has(message.template)) return { ...message, data };
  return { ...message, data: { ...data, code: coder(message.key) } };
}
