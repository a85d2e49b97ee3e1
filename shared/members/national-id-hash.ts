import { createHmac } from 'node:crypto';

/**
 * National IDs are stored only as a keyed HMAC: equal IDs match (re-imports, activation look-ups)
 * while a leaked table reveals nothing without the key. The member id is derived from it, so the
 * same person always lands on the same item.
 */
export function nationalIdHasher(key: string) {
  if (key.length < 32) throw new Error('the national-ID HMAC key must be at least 32 characters');
  return (normalizedNationalId: string) => {
    const hmac = createHmac('sha256', key).update(normalizedNationalId).digest('hex');
    return { hmac, memberId: `m-${hmac.slice(0, 24)}` };
  };
}

export type NationalIdHasher = ReturnType<typeof nationalIdHasher>;
