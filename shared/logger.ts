import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Keys whose values never reach a log line. Matching is on the key name, at any depth, so a
 * secret nested in an event or an error's details is caught too.
 */
const SECRET_KEY =
  /^(password|newpassword|currentpassword|previouspassword|proposedpassword|temporarypassword|otp|smscode|verificationcode|confirmationcode|supportcode|secret|token|accesstoken|idtoken|refreshtoken|authorization|cookie|session|nationalid)$/i;
const PHONE_KEY = /^(phone|phonenumber|phone_number|mobile)$/i;

/** `+393471234567` → `+39******567`: enough for support to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '***';
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 6)}${phone.slice(-3)}`;
}

/** JSON replacer applied to every log record. */
export function redact(key: string, value: unknown): unknown {
  if (key && SECRET_KEY.test(key)) return '[REDACTED]';
  if (key && PHONE_KEY.test(key) && typeof value === 'string') return maskPhone(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

/** One logger for every function: JSON lines, service `posta`, secrets redacted. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'posta',
  jsonReplacerFn: redact,
});
