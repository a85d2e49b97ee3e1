import type { Clock } from '../clock';
import { decideSignIn, type SignInDecision } from '../identity/sign-in-policy';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { temporaryPasswordSince } from './temporary-password';

export interface CheckSignInDeps {
  members: Pick<MemberStore, 'getByAddress'>;
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'helpdesk'>;
  clock: Clock;
}

/**
 * Thrown to refuse a sign-in: Cognito shows the message as `PreAuthentication failed with error
 * <message>.` It is one plain English sentence with the machine-readable code in brackets first,
 * so a portal can show its own translation by the code and fall back to the sentence.
 */
export class SignInRefusedError extends Error {
  override name = 'SignInRefusedError';
  constructor(
    readonly code: 'temporary_password_expired' | 'password_expired',
    message: string,
  ) {
    super(`[${code}] ${message}`);
  }
}

const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The sentence for each refusal: what happened, when, and what to do next. Never the password. */
export function refusal(decision: Extract<SignInDecision, { allow: false }>, helpdeskEmail: string): SignInRefusedError {
  if (decision.code === 'temporary_password_expired') {
    return new SignInRefusedError(
      decision.code,
      `Your temporary password expired on ${day(decision.since)}; ask your school administrator or the helpdesk (${helpdeskEmail}) for a new one.`,
    );
  }
  return new SignInRefusedError(
    decision.code,
    `Your password expired on ${day(decision.since)}; set a new one with "Forgot password" or ask the helpdesk (${helpdeskEmail}).`,
  );
}

/**
 * Before Cognito checks the password: the profile's deadlines, at the instant of the sign-in, so
 * enforcement never waits for a sweep. Cognito's own `cognito:user_status`, when the event has it,
 * says whether a temporary password is still pending (`FORCE_CHANGE_PASSWORD`): a `CONFIRMED`
 * user has chosen a password even if recording that was missed, so the temporary deadline no
 * longer applies to them. Users without a member record (operators, demo users) are not Posta's
 * to refuse.
 */
export async function checkSignIn(
  signIn: { login: string; userStatus: string | undefined },
  deps: CheckSignInDeps,
): Promise<SignInDecision> {
  const member = await deps.members.getByAddress(signIn.login);
  if (!member) return { allow: true };
  const temporaryPasswordSetAt = signIn.userStatus === 'CONFIRMED' ? null : temporaryPasswordSince(member);
  return decideSignIn({ temporaryPasswordSetAt, passwordChangedAt: member.passwordChangedAt }, deps.profile, deps.clock.now());
}
