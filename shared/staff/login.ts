import { transliterate } from './transliterate';

/**
 * A login as a person types it (sign-in, forgot password, a support agent's search), folded to
 * the form Posta stores: every member's address is lower-case ASCII (built from the names as
 * `[a-z0-9.-]`, or an old address that passed `isEmailAddress`), and so is what this returns
 * for anything that can match one.
 *
 * - Surrounding spaces (a pasted address) are dropped.
 * - NFKC (Unicode UAX #15) turns compatibility forms into their plain letters: full-width
 *   `ｍａｒｉｏ` from an East Asian input method, and the decomposed `I` + U+0307 of a name typed
 *   in NFD, which becomes `İ`.
 * - Turkish `İ` and `ı` become `i`. JavaScript's locale-independent `toLowerCase` follows
 *   Unicode's SpecialCasing.txt, where `İ` lowers to `i` + U+0307 (COMBINING DOT ABOVE), so
 *   `İLKER.ISIK@…` (a Turkish keyboard with caps lock: its `i` key gives `İ`) would never match
 *   `ilker.isik@…`; and `toLocaleLowerCase('tr')` would be wrong the other way (`I` → `ı`).
 *   Addresses are built with both as `i` (`transliterate`), so this finds the address the
 *   person was given and cannot reach another one.
 * - Lower case: the local part of these addresses is case-insensitive in practice and Posta
 *   never creates two that differ only by case (RFC 5321 §2.4 leaves it to the receiving host).
 */
export function foldLogin(typed: string): string {
  return typed
    .normalize('NFKC')
    .trim()
    .replace(/[İı]/g, 'i')
    .toLowerCase()
    .replace(/i\u0307/g, 'i');
}

/**
 * A member's login as typed, folded further to where member addresses live: they are built from
 * names by `transliterate` (or are ASCII old addresses), so a login typed with the name's own
 * letters (`ilker.işık@…`, `niccolò.rossi@…`) is romanized the same way and finds that address.
 * Only for member logins: an administrator's own e-mail address is not ours to romanize.
 */
export function foldMemberLogin(typed: string): string {
  return transliterate(foldLogin(typed));
}
