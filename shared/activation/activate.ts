import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { ChannelRecentlyChangedError, channelHold } from '../credentials/channel-change';
import { type CredentialDeps, issueTemporaryPassword } from '../credentials/issue-temporary-password';
import { recordDeliveryFailure } from '../delivery/delivery-failure';
import { ConflictError, DomainError, TooManyRequestsError, ValidationError } from '../errors';
import { triesLeftText } from '../i18n/plural';
import { smsText } from '../i18n/sms-texts';
import type { AccountControl, Directory } from '../identity/cognito-directory';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { NationalIdHasher } from '../members/national-id-hash';
import { checkOtp, generateOtp, issueOtp, type OtpHasher } from '../otp/otp';
import type { OtpStore } from '../otp/otp-store';
import { admitPublicSms } from '../otp/public-sms';
import type { RateLimiter } from '../otp/rate-limit';
import type { Profile } from '../profiles';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';
import { validateNationalId, validatePhone } from '../staff';
import {
  ACTIVATION_LIMITS,
  ACTIVATION_LOCK,
  ACTIVATION_SOURCE_FAILURES,
  awaitsActivation,
  isLocked,
  lockedUntil,
  STEP2_MESSAGE,
  STEP2_SMS_REFUSED,
  windowOpen,
} from './activation-policy';
import type { AttemptStore } from './attempt-store';
import { closeActivationWindow, deadlineUpdate, stateMove } from './member-moves';

export interface ActivationDeps extends Omit<CredentialDeps, 'directory'> {
  members: Pick<MemberStore, 'get' | 'advance'>;
  attempts: AttemptStore;
  otps: OtpStore;
  limiter: RateLimiter;
  /** `(kind, value) → key`: keyed hash, so counters name no phone, national ID or IP. */
  rateKey(kind: string, value: string): string;
  hashOtp: OtpHasher;
  hashNationalId: NationalIdHasher;
  directory: Directory & Pick<AccountControl, 'enableUser'>;
  sms: SmsSender;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  newId?: () => string;
  newCode?: () => string;
}

/**
 * The one step-1 answer. Nothing in it depends on whether the person matched; it says what a
 * missing SMS may mean (the number on record cannot receive SMS), for everyone alike (issue #17).
 */
export const STEP1_MESSAGE =
  'If these details match a member invited to activate, a 6-digit code has been sent by SMS to that phone. It is valid for 10 minutes. If no SMS arrives, the mobile number on record may be unable to receive SMS: ask your school to have it updated by HR.';
export { STEP2_MESSAGE, STEP2_SMS_REFUSED } from './activation-policy';

export const activationSubject = (attemptId: string) => `activation:${attemptId}`;

/** Invited, never activated, and the window is over (closed by a sweep or not yet). */
const windowClosed = (member: Member, now: Date) =>
  (member.state === 'activation-expired' && member.accountCreatedAt === undefined) ||
  (awaitsActivation(member) && !windowOpen(member, now));

function audit(
  deps: ActivationDeps,
  member: Member,
  entry: Pick<AuditEntry, 'actor' | 'action' | 'outcome' | 'requestId'> & Partial<AuditEntry>,
) {
  return deps.audit.record({
    role: entry.actor === 'anonymous' ? 'anonymous' : 'self',
    target: member.memberId,
    institution: member.institutionCode,
    at: deps.clock.now(),
    ...entry,
  });
}

/**
 * Step 1 (public): national ID + mobile. Answers the same `{ attemptId, message }` whoever asks:
 * every call checks the same limits, hashes, reads the member, stores an attempt and a code
 * challenge; only a member invited to activate, whose phone on record is this one, whose window is
 * open and who is not locked, is sent the code. Malformed input (a checksum, a number that is no
 * mobile, a country outside the profile's `publicSms.countries`) is refused with 400: that says
 * nothing about who is on record.
 */
export async function startActivation(
  input: { nationalId: string; phone: string },
  sourceIp: string,
  requestId: string,
  deps: ActivationDeps,
) {
  const nid = validateNationalId(deps.profile.nationalIdKind, input.nationalId);
  const phone = validatePhone(input.phone, deps.profile.phoneRegion);
  const problems = [
    ...(nid.ok ? [] : [{ field: 'body.nationalId', code: nid.code, message: nid.message }]),
    ...(phone.ok ? [] : [{ field: 'body.phone', code: phone.code, message: phone.message }]),
  ];
  if (!nid.ok || !phone.ok) throw new ValidationError(problems);

  const now = deps.clock.now();
  const { hmac, memberId } = deps.hashNationalId(nid.normalized);
  await admitPublicSms({ sourceIp, phone: { e164: phone.e164, field: 'body.phone' } }, now, deps);
  const limited =
    !(await deps.limiter.hit(deps.rateKey('activation-phone', phone.e164), ACTIVATION_LIMITS.phoneCooldown, now)) ||
    !(await deps.limiter.hit(deps.rateKey('activation-person', hmac), ACTIVATION_LIMITS.perPersonDaily, now));
  if (limited) throw new TooManyRequestsError('Too many activation requests: try again later');

  const found = await deps.members.get(memberId);
  const member = found && found.phone === phone.e164 ? found : null;
  // A phone a re-import changed lately gets no code until the hold ends or an operator confirms.
  const held = member !== null && channelHold(member, now, deps.profile.channelChangeHoldHours) !== null;
  const eligible = member !== null && windowOpen(member, now) && !isLocked(member, now) && !held;

  const attemptId = deps.newId?.() ?? randomUUID();
  const subject = activationSubject(attemptId);
  // A code is drawn and its hash stored for every attempt; only an eligible member's is sent.
  const { code, challenge } = issueOtp(subject, deps.hashOtp, now, deps.newCode?.() ?? generateOtp());
  await deps.attempts.create({ attemptId, memberId: eligible ? memberId : null, createdAt: now.toISOString() });
  await deps.otps.put(subject, challenge);

  if (member) {
    let outcome: 'success' | 'refused' = 'refused';
    let reason: string | undefined;
    if (eligible) {
      try {
        await deps.sms.send(member.phone, smsText('activation-code', member.locale, { code }), member.institutionCode);
        outcome = 'success';
      } catch (error) {
        // SNS refused the number on record: recorded (the member goes on the phone-update list,
        // where the school admin sees it); the answer stays the one everybody gets.
        if (!(error instanceof SmsRejectedError)) throw error;
        await recordDeliveryFailure(deps.failures, member.memberId, { kind: 'sms-rejected', subType: error.reason, at: now.toISOString() });
        reason = 'sms-rejected';
      }
    } else if (windowClosed(member, now)) {
      // The window ran out before a sweep closed it: close it now, so the school admin sees it.
      if (member.state !== 'activation-expired') await closeActivationWindow(member, deps);
      // The answer stays the one everybody gets; the member learns why no code comes on the
      // phone on record (past the public SMS gate and the step-1 limits, which bound how often),
      // unless a re-import changed that phone lately: a held phone is sent nothing, as for a code.
      if (!held) {
        try {
          await deps.sms.send(member.phone, smsText('activation-window-closed', member.locale, {}), member.institutionCode);
        } catch (error) {
          // A number SNS refuses is recorded as for a code; the answer stays the same.
          if (!(error instanceof SmsRejectedError)) throw error;
          await recordDeliveryFailure(deps.failures, member.memberId, {
            kind: 'sms-rejected',
            subType: error.reason,
            at: now.toISOString(),
          });
        }
      }
      reason = held ? 'window-closed-channel-recently-changed' : 'window-closed';
    } else {
      reason = isLocked(member, now)
        ? 'locked'
        : held && windowOpen(member, now)
          ? 'channel-recently-changed'
          : `state-${member.state}${member.accountCreatedAt ? '-account' : ''}`;
    }
    await audit(deps, member, {
      actor: 'anonymous',
      action: 'activation.code-requested',
      outcome,
      requestId,
      reason,
      details: { attemptId },
    });
  }
  return { attemptId, message: STEP1_MESSAGE };
}

const codeExpired = () => new DomainError(400, 'code_expired', 'The code has expired: ask for a new one', 'body.code');
const codeUsed = () => new DomainError(400, 'code_used', 'This code has already been used', 'body.code');
const codeInvalid = (left?: number) =>
  left === undefined
    ? new DomainError(400, 'code_invalid', 'The code is not right', 'body.code')
    : new DomainError(400, 'code_invalid', `The code is not right (${triesLeftText(left)})`, 'body.code').withParams({ triesLeft: left });
const refused = (deps: ActivationDeps, member: Member, action: string, requestId: string, reason: string, attemptId: string) =>
  audit(deps, member, { actor: 'anonymous', action, outcome: 'refused', requestId, reason, details: { attemptId } });
const attemptSpent = () => new TooManyRequestsError('Too many wrong codes for this code: ask for a new one', 'too_many_attempts');
const sourceBlocked = () => new TooManyRequestsError('Too many wrong codes from your network: try again later', 'too_many_attempts');
const locked = () => new TooManyRequestsError('Too many wrong codes: activation is locked for now, ask your school', 'too_many_attempts');

/**
 * A wrong code. It counts on the attempt (its code's 5 tries), on the source (an hourly budget),
 * and — only when the attempt's code went to the member's phone on record — on the member: five
 * there lock the member's activation for 24 hours. The answer depends on the attempt alone
 * (`code_invalid` with its tries left, 429 once they are spent), so a wrong code tells nobody
 * whether the attempt matched a member or whether that member is locked.
 */
async function wrongCode(
  check: { attemptsLeft: number },
  member: Member | null,
  ctx: { attemptId: string; sourceKey: string; requestId: string; now: Date },
  deps: ActivationDeps,
): Promise<never> {
  await deps.attempts.countFailure(ctx.sourceKey, ctx.now, ACTIVATION_SOURCE_FAILURES.windowSeconds);
  if (member) {
    const failures = await deps.attempts.countFailure(member.memberId, ctx.now, ACTIVATION_LOCK.hours * 3600);
    if (failures >= ACTIVATION_LOCK.failures && !isLocked(member, ctx.now)) {
      // On the member, where the school admin (members export) and the support desk see it and
      // where support's unlock clears it; the count starts again after the lock.
      await deps.members.advance(member.memberId, [member.state], { activationLockedUntil: lockedUntil(ctx.now) });
      await deps.attempts.clearFailures(member.memberId);
      await refused(deps, member, 'activation.locked', ctx.requestId, 'too-many-wrong-codes', ctx.attemptId);
    } else {
      await refused(deps, member, 'activation.code-checked', ctx.requestId, 'code-invalid', ctx.attemptId);
    }
  }
  // The challenge stays (until its TTL) with its tries spent, so later tries read 429 too.
  if (check.attemptsLeft <= 0) throw attemptSpent();
  throw codeInvalid(check.attemptsLeft);
}

/**
 * Step 2 (public): the code proves the phone. On success the Cognito account is created (or an
 * existing one enabled) on the member's address, a temporary password is issued by the one
 * credential path (SMS to the phone on record, never returned), and the member's temporary-password
 * deadline starts. The member is `account-created` (account exists, temporary password sent) until
 * the first sign-in marks them `activated`. A member's lock is told only to whoever gives the right
 * code, i.e. proves the member's phone.
 */
export async function confirmActivation(attemptId: string, code: string, sourceIp: string, requestId: string, deps: ActivationDeps) {
  const attempt = await deps.attempts.get(attemptId);
  if (!attempt) throw codeExpired();
  if (attempt.usedAt) throw codeUsed();
  const now = deps.clock.now();
  // A source past its budget of wrong codes is stopped before any code is compared, everyone alike.
  const sourceKey = deps.rateKey('activation-source', sourceIp);
  if ((await deps.attempts.failures(sourceKey, now)) >= ACTIVATION_SOURCE_FAILURES.limit) throw sourceBlocked();

  const subject = activationSubject(attemptId);
  const challenge = await deps.otps.countTry(subject);
  if (!challenge) throw codeExpired();
  const member = attempt.memberId ? await deps.members.get(attempt.memberId) : null;
  const check = checkOtp(challenge, subject, code, deps.hashOtp, now);
  if (!check.ok) {
    if (check.code === 'code_expired') {
      if (member) await refused(deps, member, 'activation.code-checked', requestId, 'code-expired', attemptId);
      throw codeExpired();
    }
    // Tries already used up: this one was not compared, so it counts nowhere.
    if (challenge.attempts > challenge.maxAttempts) throw attemptSpent();
    return wrongCode(
      { attemptsLeft: check.code === 'code_invalid' ? check.attemptsLeft : 0 },
      member,
      { attemptId, sourceKey, requestId, now },
      deps,
    );
  }

  // An unmatched attempt's code was never sent: a right guess (one in a million) proves nothing.
  if (!member) {
    await deps.attempts.markUsed(attemptId, now.toISOString());
    await deps.otps.discard(subject);
    throw codeInvalid();
  }
  if (isLocked(member, now)) {
    await refused(deps, member, 'activation.completed', requestId, 'locked', attemptId);
    throw locked();
  }
  // The code went to the phone on record before a re-import changed it: the password would go to
  // the new phone, which is held (the one credential path would refuse it too, after the account).
  const hold = channelHold(member, now, deps.profile.channelChangeHoldHours);
  if (hold) {
    await refused(deps, member, 'activation.completed', requestId, 'channel-recently-changed', attemptId);
    throw new ChannelRecentlyChangedError(hold);
  }
  if (!(await deps.attempts.markUsed(attemptId, now.toISOString()))) throw codeUsed();
  await deps.otps.discard(subject);
  if (awaitsActivation(member) && !windowOpen(member, now)) {
    await closeActivationWindow(member, deps);
    await audit(deps, member, {
      actor: member.memberId,
      action: 'activation.completed',
      outcome: 'refused',
      requestId,
      reason: 'window-closed',
      details: { attemptId },
    });
    throw new ConflictError('The activation window has closed: ask your school to reopen it', 'activation_window_closed');
  }
  if (!awaitsActivation(member)) {
    await audit(deps, member, {
      actor: member.memberId,
      action: 'activation.completed',
      outcome: 'refused',
      requestId,
      reason: `state-${member.state}`,
      details: { attemptId },
    });
    throw member.state === 'activation-expired'
      ? new ConflictError('The activation window has closed: ask your school to reopen it', 'activation_window_closed')
      : new ConflictError('This account is already activated', 'already_activated');
  }

  const created = await deps.directory.createUser(member.address, {
    given_name: member.givenName,
    family_name: member.familyName,
    locale: member.locale,
    // The phone the member just proved: Cognito sends self-service reset codes to it.
    phone_number: member.phone,
    phone_number_verified: 'true',
  });
  // Left over from an earlier try (or closed by a sweep): open it again.
  if (created === 'existed') await deps.directory.enableUser(member.address);
  const issued = await issueTemporaryPassword(member, deps);

  const at = now.toISOString();
  const after: Member = {
    ...member,
    state: 'account-created',
    accountCreatedAt: at,
    temporaryPasswordSetAt: issued.setAt,
    activationCompletedAt: at,
  };
  const deadline = deadlineUpdate(after, deps.profile);
  // `account-created` until the first sign-in: progress counts who has an account but still the
  // temporary password, in the same transaction as the move.
  await deps.members.advance(
    member.memberId,
    ['notified'],
    { state: 'account-created', accountCreatedAt: at, temporaryPasswordSetAt: issued.setAt, activationCompletedAt: at, ...deadline.set },
    stateMove(member, 'notified', 'account-created'),
    [...deadline.remove, 'activationLockedUntil', 'duePk', 'dueSk'],
  );
  await deps.attempts.clearFailures(member.memberId);
  await audit(deps, member, {
    actor: member.memberId,
    action: 'activation.completed',
    outcome: 'success',
    requestId,
    details: { attemptId, login: member.address, account: created, smsRejected: issued.smsRejected },
  });
  return { login: member.address, message: issued.smsRejected ? STEP2_SMS_REFUSED : STEP2_MESSAGE };
}
