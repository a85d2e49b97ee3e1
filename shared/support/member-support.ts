import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../auth/scope';
import { channelHold } from '../credentials/channel-change';
import { nextDeadline } from '../deadlines/next-deadline';
import { NotFoundError, TooManyRequestsError } from '../errors';
import type { AccountControl } from '../identity/cognito-directory';
import { hashSupportCode, supportCodeFor } from '../identity/support-code';
import { maskPhone } from '../logger';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { RateLimit, RateLimiter } from '../otp/rate-limit';
import type { Profile } from '../profiles';
import { completeReset, prepareReset, type ResetDeps } from '../resets/reset-password';
import { foldMemberLogin } from '../staff/login';
import type { ActivationLocks } from './activation-lock';
import { activationLockOf } from './activation-lock';
import type { AuditTrail } from './audit-trail';
import { auditSupport, authorizeSupport, requireReason, type SupportAction, type SupportContext, supportRole } from './support-audit';

/** Code checks per support agent: enough for a busy desk, far too few to guess a 40-bit code. */
export const SUPPORT_VERIFY_LIMIT: RateLimit = { limit: 60, windowSeconds: 3600 };

type Members = Pick<MemberStore, 'get' | 'getByAddress'>;

async function memberById(memberId: string, members: Pick<MemberStore, 'get'>): Promise<Member> {
  const member = await members.get(memberId);
  if (!member) throw new NotFoundError('The member', 'member_not_found');
  return member;
}

/** Loads the member and checks the agent reaches its institution (a refusal is audited). */
async function reach(actor: Actor, member: Member, act: Omit<SupportAction, 'target' | 'institution'>, ctx: SupportContext) {
  const full = { ...act, target: member.memberId, institution: member.institutionCode };
  await authorizeSupport(actor, full, ctx);
  return full;
}

export interface VerifyCodeDeps extends SupportContext {
  members: Members;
  limiter: RateLimiter;
  /** Key of the support code's stored hash (the provisioning key). */
  supportCodeKey: string;
}

/**
 * A caller quotes their helpdesk support code; the agent learns only whether it matches the
 * member's stored hash. Every check counts against the agent's hourly limit, found or not.
 */
export async function verifySupportCode(
  input: { memberId?: string; login?: string; supportCode: string },
  actor: Actor,
  deps: VerifyCodeDeps,
  requestId: string,
): Promise<{ valid: boolean }> {
  if (!(await deps.limiter.hit(`support-verify:${actor.sub}`, SUPPORT_VERIFY_LIMIT, deps.clock.now()))) {
    throw new TooManyRequestsError('Too many support code checks: try again later');
  }
  const member = input.memberId
    ? await deps.members.get(input.memberId)
    : await deps.members.getByAddress(foldMemberLogin(input.login ?? ''));
  if (!member) throw new NotFoundError('The member', 'member_not_found');
  const act = await reach(actor, member, { action: 'support.code-verified', requestId }, deps);
  // Compared with the member's code as derived now, with the support-code secret (the code the
  // emails carry), once one was issued (`supportCodeHash`): a code mailed before the support code
  // had a secret of its own keeps failing, and the member's next reminder carries the current one.
  const given = Buffer.from(hashSupportCode(input.supportCode, deps.supportCodeKey), 'hex');
  const expected = Buffer.from(
    member.supportCodeHash ? hashSupportCode(supportCodeFor(member.memberId, deps.supportCodeKey), deps.supportCodeKey) : '',
    'hex',
  );
  const valid = expected.length === given.length && timingSafeEqual(expected, given);
  await auditSupport(actor, act, deps, 'success', { valid });
  return { valid };
}

export interface StatusDeps extends SupportContext {
  members: Members;
  accounts: Pick<AccountControl, 'userStatus'>;
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'expiryWarningDays' | 'channelChangeHoldHours'>;
}

/** The account as the desk sees it: phone masked, last 3 ID characters, never a secret or hash. */
export function memberStatusView(
  member: Member,
  account: { enabled: boolean; status: string } | null,
  profile: StatusDeps['profile'],
  now: Date,
) {
  return {
    memberId: member.memberId,
    address: member.address,
    givenName: member.givenName,
    familyName: member.familyName,
    state: member.state,
    phone: maskPhone(member.phone),
    nationalIdLast3: member.nidLast3,
    institutionCode: member.institutionCode,
    lotId: member.lotId ?? null,
    activationLockedUntil: activationLockOf(member),
    nextDeadline: nextDeadline(member, profile),
    deliveryFailure: member.deliveryFailure ?? null,
    supportCodeOnRecord: Boolean(member.supportCodeHash),
    account,
    // A re-import changed the phone or alternate email lately: nothing secret goes to it until then (or an operator confirms).
    channelHold: channelHold(member, now, profile.channelChangeHoldHours, ['phone', 'alternateEmail']),
  };
}

export async function memberStatus(memberId: string, actor: Actor, deps: StatusDeps, requestId: string) {
  const member = await memberById(memberId, deps.members);
  const act = await reach(actor, member, { action: 'support.member-viewed', requestId }, deps);
  const account = await deps.accounts.userStatus(member.address);
  await auditSupport(actor, act, deps);
  return memberStatusView(member, account, deps.profile, deps.clock.now());
}

export interface TrailDeps extends SupportContext {
  members: Members;
  trail: AuditTrail;
}

/** The member's audit trail, newest first (the agent's own look at it is recorded first). */
export async function memberAuditTrail(
  memberId: string,
  page: { limit: number; cursor?: string },
  actor: Actor,
  deps: TrailDeps,
  requestId: string,
) {
  const member = await memberById(memberId, deps.members);
  const act = await reach(actor, member, { action: 'support.audit-viewed', requestId }, deps);
  await auditSupport(actor, act, deps);
  return deps.trail.ofTarget(member.memberId, page.limit, page.cursor);
}

export interface UnlockDeps extends SupportContext {
  members: Members;
  accounts: Pick<AccountControl, 'enableUser' | 'userStatus'>;
  locks: ActivationLocks;
}

/**
 * Unlock: enable the sign-in account (when there is one) and clear an activation lock with the
 * wrong codes counted towards it; `activationLockCleared` says whether there was a lock. The
 * member's state is left alone: a closed account (an expired password) comes back by a reset.
 */
export async function unlockMember(memberId: string, body: { reason?: string }, actor: Actor, deps: UnlockDeps, requestId: string) {
  const reason = requireReason(body.reason);
  const member = await memberById(memberId, deps.members);
  const act = await reach(actor, member, { action: 'support.unlocked', requestId, reason }, deps);
  const before = await deps.accounts.userStatus(member.address);
  if (before && !before.enabled) await deps.accounts.enableUser(member.address);
  const lockCleared = await deps.locks.clear(member.memberId);
  await auditSupport(actor, act, deps, 'success', { accountEnabled: Boolean(before && !before.enabled), lockCleared });
  return {
    memberId: member.memberId,
    account: before ? { enabled: true, wasEnabled: before.enabled } : null,
    activationLockCleared: lockCleared,
  };
}

/** One support reset per member a minute: a double click or a retried request sends one password, not two. */
export const SUPPORT_RESET_COOLDOWN: RateLimit = { limit: 1, windowSeconds: 60 };

export interface SupportResetDeps extends SupportContext, ResetDeps {
  limiter: RateLimiter;
}

/**
 * Reset and send: the delegated reset's own core (`shared/resets/reset-password.ts`: account
 * enabled, temporary password by SMS through the one credential path, member reopened with its
 * deadline, member told by email, one audit record with the agent and the reason). The answer
 * never holds the password.
 */
export async function resetMemberPassword(
  memberId: string,
  body: { reason?: string },
  actor: Actor,
  deps: SupportResetDeps,
  requestId: string,
) {
  const reason = requireReason(body.reason);
  const member = await memberById(memberId, deps.members);
  await reach(actor, member, { action: 'password.reset-by-support', requestId, reason }, deps);
  const ready = await prepareReset(member.memberId, deps);
  if (!(await deps.limiter.hit(`support-reset:${member.memberId}`, SUPPORT_RESET_COOLDOWN, deps.clock.now()))) {
    throw new TooManyRequestsError('A password was just sent to this member: wait a minute before sending another', 'reset_just_sent');
  }
  // As `prepareDecidedReset` does, once the reset is decided (past the cooldown): sessions end first.
  await deps.accounts.signOutEverywhere(ready.address);
  const done = await completeReset(ready, { sub: actor.sub, role: supportRole(actor) }, deps, {
    requestId,
    reason,
    action: 'password.reset-by-support',
  });
  return {
    memberId: done.memberId,
    sentTo: maskPhone(member.phone),
    setAt: done.setAt,
    smsRejected: !done.smsDelivered,
    state: done.state,
  };
}
