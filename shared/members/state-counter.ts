import { PROGRESS_KEYS, type ProgressDelta, type ProgressKey, type ProgressScope } from '../progress/progress-counters';
import type { Member, MemberState } from './member';

const COUNTED: Record<MemberState, string> = {
  pending: 'pending',
  'account-created': 'accountCreated',
  notified: 'notified',
  activated: 'activated',
  expired: 'expired',
  // The progress screens show one "expired" figure; the member's state says which deadline it was.
  'activation-expired': 'expired',
  'temp-password-expired': 'expired',
  'password-expired': 'expired',
};

/** The progress counter a member in `state` is counted under; null while no counter exists for it. */
export function counterOf(state: MemberState): ProgressKey | null {
  const key = COUNTED[state];
  return (PROGRESS_KEYS as readonly string[]).includes(key) ? (key as ProgressKey) : null;
}

/**
 * What one member adds to its institution's counters: its state's counter, plus `reNotified`
 * once a reminder went out (that counter is "members re-notified at least once").
 */
export function memberCounts(member: Pick<Member, 'state' | 'noticesSent'>): ProgressDelta {
  const key = counterOf(member.state);
  return {
    ...(key && { [key]: 1 }),
    ...((member.noticesSent ?? 0) > 1 && { reNotified: 1 }),
  };
}

/** The same counts with the sign flipped: what leaving a scope takes away. */
export const negate = (delta: ProgressDelta): ProgressDelta =>
  Object.fromEntries(Object.entries(delta).map(([k, v]) => [k, -(v ?? 0)])) as ProgressDelta;

/**
 * The counters an account's state changes move: a staff member's lot and institution; an
 * institution mailbox's own counter of its institution, so staff progress stays about staff.
 */
export function progressScopeOf(account: Pick<Member, 'kind' | 'lotId' | 'institutionCode'>): ProgressScope {
  return account.kind === 'institution-mailbox'
    ? { institutionMailboxes: account.institutionCode }
    : { lotId: account.lotId ?? null, institutionCode: account.institutionCode };
}
