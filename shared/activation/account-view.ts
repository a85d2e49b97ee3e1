import { addDays } from '../clock';
import { nextDeadline } from '../deadlines/next-deadline';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';

/**
 * The member's account as `GET /v1/me` shows it. `nextExpiry` is when the current password stops
 * working: the temporary password's deadline, or the chosen password's maximum age (tr-meb: 30
 * days); null when nothing expires (or no account yet).
 */
export function accountView(
  member: Member,
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'expiryWarningDays'>,
) {
  const deadline = nextDeadline(member, profile);
  let nextExpiry: string | null = null;
  if (deadline?.kind === 'temporary-password' || deadline?.kind === 'password-expiry') nextExpiry = deadline.at;
  // A warning comes first in the index; the expiry it warns of is what the member needs to know.
  if (deadline?.kind === 'password-warning' && member.passwordChangedAt && profile.maxPasswordAgeDays !== null) {
    nextExpiry = addDays(new Date(member.passwordChangedAt), profile.maxPasswordAgeDays).toISOString();
  }
  return {
    state: member.state,
    activatedAt: member.activatedAt ?? null,
    passwordChangedAt: member.passwordChangedAt ?? null,
    nextExpiry,
  };
}
