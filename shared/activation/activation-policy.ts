import { addDays } from '../clock';
import type { Member } from '../members/member';
import type { RateLimit } from '../otp/rate-limit';
import type { Profile } from '../profiles';

/**
 * Profiles without an activation window of their own (it-miur, tr-meb migrate with temporary
 * passwords) still let a school admin invite staff to activate — e.g. members no lot reached —
 * with the circular's 60 days.
 */
export const DEFAULT_ACTIVATION_WINDOW_DAYS = 60;

export const activationWindowDays = (profile: Pick<Profile, 'activationWindowDays'>) =>
  profile.activationWindowDays ?? DEFAULT_ACTIVATION_WINDOW_DAYS;

/**
 * Step 1's own limits, after the public-SMS gate (source IP, number range, deployment: the
 * profile's `publicSms`). They answer 429 to everyone alike (matched or not), so they reveal
 * nothing: a code per phone a minute, 5 codes per national ID a day.
 */
export const ACTIVATION_LIMITS = {
  phoneCooldown: { limit: 1, windowSeconds: 60 },
  perPersonDaily: { limit: 5, windowSeconds: 86_400 },
} as const satisfies Record<string, RateLimit>;

/**
 * Wrong codes that lock a member out of activation, and for how long. Only wrong codes on attempts
 * whose code went to the member's phone on record count (a matched attempt): an attempt that
 * never reached the member — a stranger's phone, a locked member — cannot lock anyone, however
 * often it is tried. Each attempt has its own 5 tries (the code's), and each source its own budget.
 */
export const ACTIVATION_LOCK = { failures: 5, hours: 24 } as const;

/**
 * Wrong codes one source IP may send an hour, over all attempts and people: past it, step 2
 * answers 429 to that source before any code is compared, matched or not.
 */
export const ACTIVATION_SOURCE_FAILURES = { limit: 20, windowSeconds: 3_600 } as const;

/** An attempt (and its code) outlives the code's 10 minutes by a day, so a late try reads "expired". */
export const ATTEMPT_KEEP_SECONDS = 86_400;

export const lockedUntil = (now: Date) => new Date(now.getTime() + ACTIVATION_LOCK.hours * 3_600_000).toISOString();

export const isLocked = (member: Pick<Member, 'activationLockedUntil'>, now: Date) =>
  member.activationLockedUntil !== undefined && now.getTime() < new Date(member.activationLockedUntil).getTime();

/** Invited, no account yet: the member may activate while the window runs. */
export const awaitsActivation = (member: Member) =>
  member.state === 'notified' && member.activationWindowEndsAt !== undefined && member.accountCreatedAt === undefined;

/** The window's end is exclusive: at 60 days exactly it is closed. */
export const windowOpen = (member: Member, now: Date) =>
  awaitsActivation(member) && now.getTime() < new Date(member.activationWindowEndsAt as string).getTime();

export const windowEnd = (profile: Pick<Profile, 'activationWindowDays'>, now: Date) =>
  addDays(now, activationWindowDays(profile)).toISOString();

/** Whole days left in a window (at least 1), for the notice text. */
export const daysLeft = (endsAt: string, now: Date) => Math.max(1, Math.ceil((new Date(endsAt).getTime() - now.getTime()) / 86_400_000));
