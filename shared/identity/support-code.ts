import { createHmac } from 'node:crypto';

// Crockford base32 without I, L, O, U: read over the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A member's helpdesk support code, such as `K7M2-Q9TX` (40 bits), quoted when they call.
 * Derived with a key from the member id, so a retried launch gives the same code as the notice
 * already sent; only its hash is stored.
 */
export function supportCodeFor(memberId: string, key: string): string {
  const bytes = createHmac('sha256', key).update(`support-code-of:${memberId}`).digest();
  const chars = Array.from({ length: 8 }, (_, i) => ALPHABET[(bytes[i] ?? 0) % 32]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Stored form: a keyed hash, compared when support verifies a caller (case and dash ignored). */
export function hashSupportCode(code: string, key: string): string {
  const normalized = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHmac('sha256', key).update(`support-code:${normalized}`).digest('hex');
}
