import type { Member } from '../members/member';
import type { Profile } from '../profiles';
import { type DeadlineFacts, deadlineKeys, nextDeadline } from './next-deadline';

export type DeadlineProfile = Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'expiryWarningDays'>;

/** The attributes a writer REMOVEs when the member has no deadline left (it leaves the sparse index). */
export const DEADLINE_ATTRIBUTES = ['deadlinePk', 'deadlineSk'] as const satisfies ReadonlyArray<keyof Member>;

/**
 * What a write that changes deadline facts must add to itself: the keys of the member's next
 * deadline after the change (`facts` = the member as it will be), or their removal. Spread
 * `set` into the SET part and `remove` into the REMOVE part of the same write.
 */
export function fileDeadline(
  memberId: string,
  facts: DeadlineFacts,
  profile: DeadlineProfile,
): { set: { deadlinePk: string; deadlineSk: string } | Record<string, never>; remove: Array<keyof Member> } {
  const keys = deadlineKeys(memberId, nextDeadline(facts, profile));
  return keys ? { set: keys, remove: [] } : { set: {}, remove: [...DEADLINE_ATTRIBUTES] };
}
