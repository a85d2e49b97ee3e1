import { ValidationError } from '../errors';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';
import { isEmailAddress } from '../staff/address';

/**
 * The alternate email, and where password-reset codes may go.
 *
 * Two addresses, two meanings:
 * - `alternateEmail` comes from the HR file. Nobody proved it; an import may change it at any
 *   time. It receives notices (e.g. `password-changed`), never a code.
 * - `verifiedAlternateEmail` is the one the member added while signed in and proved with the
 *   code sent to it. No import touches it. It is the only address a reset code may go to, and
 *   only once `ALTERNATE_EMAIL_HOLD_HOURS` have passed since it was proved: a change of where
 *   codes go is announced to the old channels (SMS to the phone on record, email to the old
 *   addresses) and the real person has that long to undo it before a code can reach the new one.
 * The member verifies the HR address, if it is theirs, by adding it like any other.
 */

export type ResetChannel = 'sms' | 'email';

/**
 * The channel-change hold, as the credential guard's (`channelChangeHoldHours`, 24 in every
 * profile): until then, a newly verified address gets no reset code.
 */
export const ALTERNATE_EMAIL_HOLD_HOURS = 24;

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254. */
const EMAIL_MAX = 254;

export type AlternateEmailFacts = Pick<Member, 'state' | 'verifiedAlternateEmail' | 'alternateEmailVerifiedAt'>;

/** When reset codes may start to go to the verified address; null without one. */
export function resetCodesFrom(member: Pick<Member, 'alternateEmailVerifiedAt'>): Date | null {
  if (!member.alternateEmailVerifiedAt) return null;
  return new Date(Date.parse(member.alternateEmailVerifiedAt) + ALTERNATE_EMAIL_HOLD_HOURS * 3_600_000);
}

/**
 * The address a reset code may go to now: verified, past the hold, and the account open (an
 * `activated` member; a closed account is reopened by the institution, not by a code, as Cognito
 * refuses a reset by SMS for a disabled user). Null otherwise.
 */
export function resetEmailOf(member: AlternateEmailFacts, now: Date): string | null {
  const from = resetCodesFrom(member);
  if (!member.verifiedAlternateEmail || !from || now.getTime() < from.getTime()) return null;
  return member.state === 'activated' ? member.verifiedAlternateEmail : null;
}

/**
 * The channel a forgot-password request without one uses: the member chose email by adding and
 * proving an address, so email once it can be used; SMS otherwise (and for unknown logins).
 */
export function defaultResetChannel(member: AlternateEmailFacts | null, now: Date): ResetChannel {
  return member && resetEmailOf(member, now) ? 'email' : 'sms';
}

/** `mario.rossi@example.org` → `m***i@example.org`: the owner recognises it, nobody can write to it. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const hidden = local.length > 2 ? `${local[0]}***${local.at(-1)}` : `${local[0] ?? ''}***`;
  return `${hidden}${address.slice(at)}`;
}

/**
 * The address as stored (lower case), checked as the import checks its `alternateEmail` (the same
 * validator, the same rule): a recovery address inside the ministry's mail domains would
 * recover nothing, so it is refused (`alternate_email_domain`).
 */
export function checkAlternateEmail(raw: string, profile: Pick<Profile, 'newMailDomain' | 'oldMailDomain'>, field: string): string {
  const address = raw.trim().toLowerCase();
  const refuse = (code: string, message: string) => new ValidationError([{ field, code, message }]);
  if (address.length > EMAIL_MAX) throw refuse('too_long', `The address must be at most ${EMAIL_MAX} characters`);
  if (!isEmailAddress(address)) throw refuse('email_invalid', 'This is not a valid e-mail address');
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (domain === profile.newMailDomain || domain === profile.oldMailDomain) {
    throw refuse('alternate_email_domain', 'The alternate email must be outside the ministry mail domains');
  }
  return address;
}

/** What `GET /v1/me` shows of it: masked addresses, whether proved, and from when codes may go there. */
export function alternateEmailView(member: Member, now: Date) {
  const verified = member.verifiedAlternateEmail ?? null;
  const address = verified ?? member.alternateEmail;
  const pending = member.pendingAlternateEmail;
  return {
    alternateEmail: address
      ? {
          address: maskEmail(address),
          verified: verified !== null,
          source: verified !== null ? ('member' as const) : ('hr-import' as const),
          verifiedAt: verified !== null ? (member.alternateEmailVerifiedAt ?? null) : null,
          resetCodesFrom: verified !== null ? (resetCodesFrom(member)?.toISOString() ?? null) : null,
        }
      : null,
    pendingAlternateEmail:
      pending && now.getTime() < Date.parse(pending.codeExpiresAt)
        ? { address: maskEmail(pending.address), codeExpiresAt: pending.codeExpiresAt }
        : null,
    resetChannel: defaultResetChannel(member, now),
  };
}
