import type { Member } from '../members/member';

/**
 * When the member's current temporary password was set. Lots record only `accountCreatedAt` (the
 * temporary password is set in the same step), so that stands in when no later reset recorded
 * `temporaryPasswordSetAt`.
 */
export function temporaryPasswordSince(member: Pick<Member, 'temporaryPasswordSetAt' | 'accountCreatedAt'>): string | null {
  return member.temporaryPasswordSetAt ?? member.accountCreatedAt ?? null;
}

/** A temporary password is pending while it was set after the last password the member chose. */
export function temporaryPasswordPending(
  member: Pick<Member, 'temporaryPasswordSetAt' | 'accountCreatedAt' | 'passwordChangedAt'>,
): boolean {
  const since = temporaryPasswordSince(member);
  if (!since) return false;
  return !member.passwordChangedAt || Date.parse(since) > Date.parse(member.passwordChangedAt);
}
