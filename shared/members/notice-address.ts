import type { Member } from './member';

/**
 * The notice goes to an address outside the new mailbox — the personal alternate address first,
 * then the old one — so someone who took over the mailbox cannot read it away unseen. The address
 * the member verified themselves comes last: it is where reset codes go, so a notice of a reset
 * should reach another channel whenever there is one.
 */
export function noticeAddress(
  member: Pick<Member, 'alternateEmail' | 'oldAddress'> & Partial<Pick<Member, 'verifiedAlternateEmail'>>,
): string | null {
  return member.alternateEmail ?? member.oldAddress ?? member.verifiedAlternateEmail ?? null;
}
