import { addDays } from '../clock';
import type { Profile } from '../profiles';

/** What the pre-authentication trigger knows about the member signing in. */
export interface CredentialDates {
  /** When Posta last set a temporary password (Cognito `Permanent: false`). */
  temporaryPasswordSetAt?: string | null;
  /** When the member last chose a password (first sign-in, change, reset). */
  passwordChangedAt?: string | null;
}

export type SignInDecision = { allow: true } | { allow: false; code: 'temporary_password_expired' | 'password_expired'; since: string };

/**
 * Decides at sign-in, so enforcement does not wait for the nightly sweep. A temporary password
 * is pending while it was set after the last chosen password; it stops working exactly
 * `temporaryPasswordDeadlineDays` after it was set. A chosen password stops working exactly
 * `maxPasswordAgeDays` after it was chosen (profiles with rotation only). Both boundaries are
 * inclusive of the deadline instant: at 7d00m00s the answer is no.
 */
export function decideSignIn(
  dates: CredentialDates,
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays'>,
  now: Date,
): SignInDecision {
  const temp = dates.temporaryPasswordSetAt ? new Date(dates.temporaryPasswordSetAt) : null;
  const chosen = dates.passwordChangedAt ? new Date(dates.passwordChangedAt) : null;
  if (temp && (!chosen || temp > chosen)) {
    const deadline = addDays(temp, profile.temporaryPasswordDeadlineDays);
    return now >= deadline ? { allow: false, code: 'temporary_password_expired', since: deadline.toISOString() } : { allow: true };
  }
  if (chosen && profile.maxPasswordAgeDays !== null) {
    const deadline = addDays(chosen, profile.maxPasswordAgeDays);
    if (now >= deadline) return { allow: false, code: 'password_expired', since: deadline.toISOString() };
  }
  return { allow: true };
}
