import { createHash } from 'node:crypto';
import { addDays } from '../clock';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';

/**
 * What can fall due on a member, in the order it can happen:
 * - `activation-window`: invited (activation profiles), no account yet, window ends;
 * - `temporary-password`: a temporary password was not replaced in time;
 * - `password-warning`: a rotated password expires in `warningDays` days (tr-meb: 7, 3, 1);
 * - `password-expiry`: a rotated password reached the profile's maximum age.
 */
export type DeadlineKind = 'activation-window' | 'temporary-password' | 'password-warning' | 'password-expiry';

export interface Deadline {
  kind: DeadlineKind;
  at: string;
  /** `password-warning` only: how many days before expiry this warning is. */
  warningDays?: number;
}

/** The member facts deadlines are computed from. */
export type DeadlineFacts = Pick<
  Member,
  'state' | 'activationWindowEndsAt' | 'temporaryPasswordSetAt' | 'passwordChangedAt' | 'accountCreatedAt'
> & {
  /** Warning offsets (days) already sent for the current password; reset when the password changes. */
  passwordWarningsSent?: number[];
};

const CLOSED: ReadonlySet<Member['state']> = new Set(['expired', 'activation-expired', 'temp-password-expired', 'password-expired']);

/**
 * The one next thing that falls due on a member, or null. A member is indexed under exactly one
 * deadline at a time (the earliest); the sweep handles it and files the next one, so the sweep reads
 * only what is due. Pure: every writer that changes the facts (launch, activation, sign-in, reset,
 * password change, sweep) recomputes the keys with it, so no path can leave a stale deadline.
 */
export function nextDeadline(
  m: DeadlineFacts,
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'expiryWarningDays'>,
): Deadline | null {
  if (CLOSED.has(m.state)) return null;
  const temp = m.temporaryPasswordSetAt ? new Date(m.temporaryPasswordSetAt) : null;
  const chosen = m.passwordChangedAt ? new Date(m.passwordChangedAt) : null;

  if (!temp && !chosen && !m.accountCreatedAt && m.activationWindowEndsAt && m.state !== 'activated') {
    return { kind: 'activation-window', at: m.activationWindowEndsAt };
  }
  if (temp && (!chosen || temp > chosen)) {
    return { kind: 'temporary-password', at: addDays(temp, profile.temporaryPasswordDeadlineDays).toISOString() };
  }
  if (chosen && profile.maxPasswordAgeDays !== null) {
    const expiry = addDays(chosen, profile.maxPasswordAgeDays);
    const sent = new Set(m.passwordWarningsSent ?? []);
    // Largest offset first: 7 days before comes before 3 days before.
    const warning = [...profile.expiryWarningDays].sort((a, b) => b - a).find((d) => !sent.has(d));
    if (warning !== undefined) {
      return { kind: 'password-warning', at: addDays(expiry, -warning).toISOString(), warningDays: warning };
    }
    return { kind: 'password-expiry', at: expiry.toISOString() };
  }
  return null;
}

/** Shards per day, so a mass import or launch does not make one hot partition. */
export const DEADLINE_SHARDS = 8;

const shardOf = (memberId: string) => (createHash('sha256').update(`deadline:${memberId}`).digest()[0] ?? 0) % DEADLINE_SHARDS;

/** The partition of one day's shard in the sparse `deadline` index. */
export const deadlinePartition = (day: string, shard: number) => `DEADLINE#${day}#${shard}`;

/**
 * The sparse `deadline` index keys for a deadline (UTC day + shard; sorted by instant), or null:
 * writers then REMOVE `deadlinePk, deadlineSk` so the member leaves the index.
 */
export function deadlineKeys(memberId: string, deadline: Deadline | null): { deadlinePk: string; deadlineSk: string } | null {
  if (!deadline) return null;
  return { deadlinePk: deadlinePartition(deadline.at.slice(0, 10), shardOf(memberId)), deadlineSk: `${deadline.at}#${memberId}` };
}
