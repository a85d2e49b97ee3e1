import type { Profile } from '../profiles/profile-schema';
import { transliterate } from './transliterate';

/**
 * A deliberately plain address check: a dot-atom local part and a DNS domain. It rejects what
 * HR exports get wrong (spaces, missing domain, trailing dots) without trying to be RFC 5321.
 */
const EMAIL =
  /^(?=.{3,254}$)(?=[^@]{1,64}@)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** True when `value` looks like a deliverable e-mail address. */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

/** Longest local part we build from names, so `base9999` still fits the 64-character limit. */
const MAX_NAME_LOCAL = 60;

/**
 * One name as a mailbox fragment: romanized, apostrophes and spaces dropped (D'Angelo → dangelo,
 * De Luca → deluca), hyphens kept once (Anna-Maria → anna-maria), anything else removed.
 */
export function nameFragment(name: string): string {
  return transliterate(name)
    .replace(/[\s'’‘`ʼ.]+/g, '')
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

export type AddressResult = { ok: true; address: string } | { ok: false; code: 'old_address_domain'; message: string };

/**
 * Migration keeps the mailbox name: `mario.rossi@istruzione.it` → `mario.rossi@posta.istruzione.it`,
 * so forwarding and people's habits survive. The old address must be on the profile's old domain
 * (exactly, not a subdomain); a profile without an old domain accepts no old address.
 */
export function addressFromOldAddress(oldAddress: string, profile: Pick<Profile, 'oldMailDomain' | 'newMailDomain'>): AddressResult {
  const at = oldAddress.lastIndexOf('@');
  const local = oldAddress.slice(0, at).toLowerCase();
  const domain = oldAddress.slice(at + 1).toLowerCase();
  if (profile.oldMailDomain === null || at < 1 || domain !== profile.oldMailDomain) {
    const expected =
      profile.oldMailDomain === null ? 'this deployment migrates no old addresses' : `it must end in @${profile.oldMailDomain}`;
    return { ok: false, code: 'old_address_domain', message: `The old address is not on the old mail domain: ${expected}` };
  }
  return { ok: true, address: `${local}@${profile.newMailDomain}` };
}

/**
 * `given.family@newDomain` for staff without an old address, or null when a name has nothing
 * that romanizes to [a-z0-9] (the row then needs an old address or a fixed spelling).
 */
export function addressFromName(givenName: string, familyName: string, newMailDomain: string): string | null {
  const given = nameFragment(givenName);
  const family = nameFragment(familyName);
  if (!given || !family) return null;
  const local = `${given}.${family}`.slice(0, MAX_NAME_LOCAL).replace(/[.-]+$/, '');
  return `${local}@${newMailDomain}`;
}

/** Gives up after this many candidates: 10 000 namesakes means something else is wrong. */
const MAX_CANDIDATES = 10_000;

/**
 * First free address among `base`, then the local part suffixed with 2, 3, …
 * (`mario.rossi@d`, `mario.rossi2@d`, `mario.rossi3@d`). The result depends only on which
 * addresses are taken, so a re-run of the same import allocates the same addresses. Within one
 * import, allocate rows in row order and let `isTaken` see the addresses already handed out.
 * Suffixes skip 1 so that `base` itself reads as "the first one".
 */
export async function allocateAddress(base: string, isTaken: (address: string) => boolean | Promise<boolean>): Promise<string> {
  const at = base.lastIndexOf('@');
  const local = base.slice(0, at);
  const domain = base.slice(at + 1);
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const suffix = n === 1 ? '' : String(n);
    const candidate = `${local.slice(0, 64 - suffix.length)}${suffix}@${domain}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  throw new Error(`No free address for ${base} after ${MAX_CANDIDATES} candidates`);
}
