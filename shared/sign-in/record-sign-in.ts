import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { type DeadlineProfile, fileDeadline } from '../deadlines/file-deadline';
import type { Member, MemberState } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { counterOf, progressScopeOf } from '../members/state-counter';
import { temporaryPasswordPending } from './temporary-password';

export interface RecordSignInDeps {
  members: Pick<MemberStore, 'getByAddress' | 'advance'>;
  audit: AuditLog;
  clock: Clock;
  /** Whose deadlines: the chosen password's rotation (or none) replaces the temporary password's deadline. */
  profile: DeadlineProfile;
}

export interface SignIn {
  /** The Cognito username: the member's new address. */
  login: string;
  /** The user's `sub`, the actor of the audit records. */
  sub: string | undefined;
  /** Cognito's `cognito:user_status` as the trigger saw it: `CONFIRMED` once a chosen password is in place. */
  userStatus: string | undefined;
  requestId: string;
}

export type SignInOutcome = { member: false } | { member: true; memberId: string; activated: boolean; passwordRecorded: boolean };

/** A sign-in in these states is the member's first: it ends the reminders. */
const FIRST_SIGN_IN_FROM: readonly MemberState[] = ['account-created', 'notified'];

/** The reminder's entry in the sparse `due` index: removed, so no sweep finds the member again. */
const REMINDER_KEYS: Array<keyof Member> = ['duePk', 'dueSk'];

/** A concurrent sign-in may move the member between our read and our write: read once more, then stop. */
const ATTEMPTS = 2;

/**
 * After Cognito signed a user in. A member who was `account-created` or `notified` has now acted:
 * `activated` (with `activatedAt`), counted so in its lot's and institution's progress in the same
 * transaction, and out of the reminder index, so `resend-notices` never writes to them again. If
 * the member still had a temporary password and Cognito now says `CONFIRMED`, the
 * NEW_PASSWORD_REQUIRED challenge was answered: `passwordChangedAt` is recorded (the age rules
 * count from it). A user without a member record (operators, demo users) changes nothing. A
 * second sign-in finds nothing left to do.
 */
export async function recordSignIn(signIn: SignIn, deps: RecordSignInDeps): Promise<SignInOutcome> {
  for (let attempt = 1; ; attempt++) {
    const member = await deps.members.getByAddress(signIn.login);
    if (!member) return { member: false };
    const activating = FIRST_SIGN_IN_FROM.includes(member.state);
    const passwordChosen = signIn.userStatus === 'CONFIRMED' && temporaryPasswordPending(member);
    const nothing = { member: true, memberId: member.memberId, activated: false, passwordRecorded: false } as const;
    if (!activating && !passwordChosen) return nothing;

    const at = deps.clock.now();
    const changes: Partial<Member> = {
      ...(activating && { state: 'activated' as const, activatedAt: at.toISOString() }),
      ...(passwordChosen && { passwordChangedAt: at.toISOString(), passwordWarningsSent: [] }),
    };
    // The next deadline is filed in the same write (a chosen password: its rotation, or none).
    const filed = fileDeadline(member.memberId, { ...member, ...changes }, deps.profile);
    const wrote = activating
      ? await deps.members.advance(
          member.memberId,
          [member.state],
          { ...changes, ...filed.set },
          { scope: progressScopeOf(member), delta: activation(member.state) },
          [...REMINDER_KEYS, ...filed.remove],
        )
      : await deps.members.advance(member.memberId, [member.state], { ...changes, ...filed.set }, undefined, filed.remove);
    if (!wrote) {
      if (attempt < ATTEMPTS) continue;
      return nothing;
    }

    const entry = {
      actor: signIn.sub ?? signIn.login,
      role: 'self',
      target: member.memberId,
      institution: member.institutionCode,
      at,
      requestId: signIn.requestId,
      outcome: 'success',
    } as const;
    if (activating) await deps.audit.record({ ...entry, action: 'member.activated', details: { login: signIn.login, from: member.state } });
    if (passwordChosen) await deps.audit.record({ ...entry, action: chosenPasswordAction(member), details: { login: signIn.login } });
    return { ...nothing, activated: activating, passwordRecorded: passwordChosen };
  }
}

/**
 * A chosen password replacing a temporary one is the member's first (`password.first-set`) only
 * when they never chose one before; with one on record, the temporary password came from a reset
 * (institution or support desk) and this is the password set after it.
 */
export const chosenPasswordAction = (member: Pick<Member, 'passwordChangedAt'>) =>
  member.passwordChangedAt ? 'password.set-after-reset' : 'password.first-set';

/** The member leaves its state's counter for `activated`; `reNotified` ("at least once") stays. */
function activation(from: MemberState) {
  const key = counterOf(from);
  return { ...(key && { [key]: -1 }), activated: 1 };
}
