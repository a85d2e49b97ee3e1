import { type DeadlineProfile, fileDeadline } from '../deadlines/file-deadline';
import type { Member, MemberState } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { counterOf } from '../members/state-counter';
import type { ProgressDelta } from '../progress/progress-counters';

/** A member leaving `from` for `to`, on its lot's and institution's counters (none when both count alike). */
export function stateMove(member: Pick<Member, 'lotId' | 'institutionCode'>, from: MemberState, to: MemberState) {
  const delta: ProgressDelta = {};
  const before = counterOf(from);
  const after = counterOf(to);
  if (before === after) return undefined;
  if (before) delta[before] = -1;
  if (after) delta[after] = (delta[after] ?? 0) + 1;
  return { scope: { lotId: member.lotId ?? null, institutionCode: member.institutionCode }, delta };
}

/** The deadline index keys of the member as it will be after a write (shared/deadlines/file-deadline.ts). */
export const deadlineUpdate = (after: Member, profile: DeadlineProfile) => fileDeadline(after.memberId, after, profile);

/**
 * The window ran out and no sweep has closed it yet: `activation-expired` now (counted as expired,
 * out of the deadline index). The school admin can reopen it.
 */
export async function closeActivationWindow(
  member: Member,
  deps: { members: Pick<MemberStore, 'advance'>; profile: DeadlineProfile },
): Promise<boolean> {
  const after: Member = { ...member, state: 'activation-expired' };
  const deadline = deadlineUpdate(after, deps.profile);
  return deps.members.advance(
    member.memberId,
    ['notified'],
    { state: 'activation-expired', ...deadline.set },
    stateMove(member, 'notified', 'activation-expired'),
    deadline.remove,
  );
}
