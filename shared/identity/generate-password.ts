import { createHmac, randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I): the password is read off a phone screen and typed by hand.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+=?@';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** `(max) → an integer in [0, max)`, uniformly. */
export type RandomInt = (max: number) => number;

/**
 * A password with every character class the pool requires, shuffled so the classes do not sit
 * at fixed positions. 14 characters from 63 symbols ≈ 83 bits. `random` is the CSPRNG unless a
 * caller derives the password (`derivedPassword`).
 */
export function generatePassword(length = 14, random: RandomInt = randomInt): string {
  if (length < 12) throw new Error('passwords are at least 12 characters');
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[random(set.length)] as string);
  while (chars.length < length) chars.push(ALL[random(ALL.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/**
 * A deterministic stream of uniform integers: HMAC-SHA256(key, context ‖ block counter) bytes,
 * read four at a time with rejection sampling (no modulo bias). The same key and context give
 * the same stream; without the key it is as unpredictable as the CSPRNG.
 */
export function hmacRandomInt(key: Buffer, context: string): RandomInt {
  let block = 0;
  let bytes = Buffer.alloc(0);
  let offset = 0;
  const next32 = () => {
    if (offset + 4 > bytes.length) {
      bytes = createHmac('sha256', key).update(`${context}\0${block++}`).digest();
      offset = 0;
    }
    const value = bytes.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  return (max) => {
    const limit = 2 ** 32 - (2 ** 32 % max);
    for (;;) {
      const value = next32();
      if (value < limit) return value % max;
    }
  };
}

/** The same password every time for the same key and context (see issueTemporaryPasswordOnce). */
export function derivedPassword(key: Buffer, context: string, length = 14): string {
  return generatePassword(length, hmacRandomInt(key, context));
}
