import { addDays } from '../clock';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';
import { addressFromOldAddress } from '../staff/address';

/** One old → new address pair the mail router may deliver by, and until when. */
export interface Forwarding {
  from: string;
  to: string;
  until: string;
}

/**
 * The new address an old one would have been migrated to (old local part on the new domain), or
 * null when the address is not on the profile's old domain. Import stores old addresses in lower
 * case and derives the new one from the lower-cased local part, so two old addresses that differ
 * only in case can never belong to two members: the comparison is case-insensitive throughout.
 */
export function candidateNewAddress(oldAddress: string, profile: Pick<Profile, 'oldMailDomain' | 'newMailDomain'>): string | null {
  const result = addressFromOldAddress(oldAddress, profile);
  return result.ok ? result.address : null;
}

/**
 * The member's forwarding if it is open at `now`: the profile forwards at all, the member has an
 * old address that maps to their mailbox, and the mailbox exists (`accountCreatedAt`, set when the
 * lot launched it) since less than `forwardingWindowDays`. The window counts from account creation,
 * which is never before the lot's launch time the notice promised, so forwarding lasts at least as
 * long as the member was told. A member whose old address changed after import (their mailbox kept
 * the first one's name) has no forwarding: the old address no longer leads to this mailbox.
 */
export function openForwarding(
  member: Pick<Member, 'oldAddress' | 'address' | 'accountCreatedAt'>,
  profile: Pick<Profile, 'oldMailDomain' | 'newMailDomain' | 'forwardingWindowDays'>,
  now: Date,
): Forwarding | null {
  if (profile.forwardingWindowDays === null || !member.oldAddress || !member.accountCreatedAt) return null;
  if (candidateNewAddress(member.oldAddress, profile) !== member.address.toLowerCase()) return null;
  const from = new Date(member.accountCreatedAt);
  const until = addDays(from, profile.forwardingWindowDays);
  if (now.getTime() < from.getTime() || now.getTime() >= until.getTime()) return null;
  return { from: member.oldAddress, to: member.address, until: until.toISOString() };
}
