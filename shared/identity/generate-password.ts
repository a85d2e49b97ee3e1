import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I): the password is read off a phone screen and typed by hand.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+=?@';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/**
 * A CSPRNG password with every character class the pool requires, shuffled so the classes do
 * not sit at fixed positions. 14 characters from 63 symbols ≈ 83 bits.
 */
export function generatePassword(length = 14): string {
  if (length < 12) throw new Error('passwords are at least 12 characters');
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)] as string);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
