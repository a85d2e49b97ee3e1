import type { AuditLog } from '../audit/audit-log';
import { type Actor, assertInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import type { DeliveryFailureStore } from '../delivery/delivery-failure';
import type { EmailMessage } from '../email/email-message';
import { ConflictError, NotFoundError } from '../errors';
import { hashSupportCode, supportCodeFor } from '../identity/support-code';
import type { ActivationNoticeMessage } from '../lots/launch-lots';
import { activationNoticeData, sendUnlessRefused } from '../lots/provision-account';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { activationNoticeSms, invitationAddress, invitationReminderKeys } from '../notices/invitation';
import type { Profile } from '../profiles';
import type { ReopenCounter } from '../reports/password-expiry-stats';
import type { SmsSender } from '../sms/send-sms';
import { awaitsActivation, daysLeft, windowEnd, windowOpen } from './activation-policy';
import { deadlineUpdate, stateMove } from './member-moves';

const roleOf = (actor: Actor) => (actor.roles.includes('operator') ? 'operator' : 'school-admin');

/** Who may be (re-)invited: pending members open a window; members with an open window only when named. */
function noticeFor(member: Member, named: boolean, now: Date): 'open' | 'resend' | null {
  if (member.state === 'pending') return 'open';
  if (named && windowOpen(member, now)) return 'resend';
  return null;
}

export interface NoticeRequestDeps {
  members: Pick<MemberStore, 'idsOfInstitution' | 'getMany'>;
  enqueue(message: ActivationNoticeMessage): Promise<void>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The school admin (own institution) or an operator asks for activation notices: for the named
 * members, or for every member of the institution who has neither activated nor an open window.
 * One provision-queue message per member; the consumer opens the window and sends (202 with the
 * count). Members of other institutions, with an account, or whose window expired (see reopen)
 * are skipped.
 */
export async function requestActivationNotices(
  institutionCode: string,
  memberIds: string[] | undefined,
  actor: Actor,
  requestId: string,
  deps: NoticeRequestDeps,
) {
  assertInstitution(actor, institutionCode);
  const now = deps.clock.now();
  const named = memberIds !== undefined;
  const ids = [...new Set(memberIds ?? (await deps.members.idsOfInstitution(institutionCode)))];
  const found = await deps.members.getMany(ids);
  const chosen = ids.filter((id) => {
    const m = found.get(id);
    return m !== undefined && m.institutionCode === institutionCode && noticeFor(m, named, now) !== null;
  });
  const message = (memberId: string): ActivationNoticeMessage => ({
    kind: 'activation-notice',
    memberId,
    requestedBy: actor.sub,
    role: roleOf(actor),
    requestId,
  });
  // Ten at a time: the queue takes the sending, the HTTP call only hands the list over.
  for (let i = 0; i < chosen.length; i += 10) await Promise.all(chosen.slice(i, i + 10).map((id) => deps.enqueue(message(id))));
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action: 'activation.notices-requested',
    target: institutionCode,
    institution: institutionCode,
    at: now,
    requestId,
    outcome: 'success',
    details: { queued: chosen.length, skipped: ids.length - chosen.length, named },
  });
  return { queued: chosen.length, skipped: ids.length - chosen.length };
}

export interface NoticeDeliveryDeps {
  members: Pick<MemberStore, 'get' | 'advance'>;
  sms: SmsSender;
  /** Where a number SNS refuses is recorded (the member then goes on the phone-update list). */
  failures: DeliveryFailureStore;
  enqueueEmail(message: EmailMessage): Promise<void>;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  supportCodeKey: string;
}

/**
 * The provision consumer's activation notice, per member: a pending member's window opens (now +
 * the profile's days) and is written first, so a redelivered message re-sends within the same
 * window instead of opening a new one; a member whose window is open is told again, the window
 * unchanged. SMS to the phone on record, email to the old or alternate address, in the member's
 * locale.
 */
export async function deliverActivationNotice(message: ActivationNoticeMessage, deps: NoticeDeliveryDeps): Promise<'sent' | 'skipped'> {
  const member = await deps.members.get(message.memberId);
  const now = deps.clock.now();
  const kind = member && noticeFor(member, true, now);
  if (!member || !kind) return 'skipped';

  let current = member;
  if (kind === 'open') {
    const activationWindowEndsAt = windowEnd(deps.profile, now);
    const opened: Member = { ...member, state: 'notified', activationWindowEndsAt };
    const deadline = deadlineUpdate(opened, deps.profile);
    const supportCode = supportCodeFor(member.memberId, deps.supportCodeKey);
    const wrote = await deps.members.advance(
      member.memberId,
      ['pending'],
      {
        state: 'notified',
        activationWindowEndsAt,
        supportCodeHash: hashSupportCode(supportCode, deps.supportCodeKey),
        ...deadline.set,
      },
      stateMove(member, 'pending', 'notified'),
      // Out of the pool: no lot takes a member who was invited to activate.
      [...deadline.remove, ...(member.lotId ? [] : (['gsi2pk', 'gsi2sk'] as never[]))],
    );
    if (!wrote) return 'skipped';
    current = opened;
  }
  if (!awaitsActivation(current)) return 'skipped';
  const endsAt = current.activationWindowEndsAt as string;
  const days = daysLeft(endsAt, now);
  const sent = (current.noticesSent ?? 0) + 1;
  const to = invitationAddress(current);
  // A number SNS refuses is recorded (and listed for the school admin); the email says so.
  const smsRefused = await sendUnlessRefused(current, activationNoticeSms(current, days, Boolean(to), deps.profile), deps);
  if (to) {
    await deps.enqueueEmail({
      key: `activation-notice#${current.memberId}#${message.requestId}`,
      template: 'activation-notice',
      locale: current.locale,
      to,
      memberId: current.memberId,
      institutionCode: current.institutionCode,
      data: activationNoticeData(current, days, endsAt, deps.profile, smsRefused),
    });
  }
  // Re-delivered at the profile's cadence (resend-notices) while the window is open, as a lot's invitations are.
  const reminder = invitationReminderKeys(current.memberId, now, endsAt, sent, deps.profile);
  await deps.members.advance(
    current.memberId,
    ['notified'],
    { noticesSent: sent, lastNoticeAt: now.toISOString(), ...reminder },
    undefined,
    reminder ? [] : ['duePk', 'dueSk'],
  );
  await deps.audit.record({
    actor: message.requestedBy,
    role: message.role,
    action: kind === 'open' ? 'activation.notice-sent' : 'activation.notice-resent',
    target: current.memberId,
    institution: current.institutionCode,
    at: now,
    requestId: message.requestId,
    outcome: 'success',
    details: { windowEndsAt: endsAt, email: Boolean(to), smsRefused },
  });
  return 'sent';
}

export interface ReopenDeps {
  members: Pick<MemberStore, 'get' | 'advance'>;
  enqueue(message: ActivationNoticeMessage): Promise<void>;
  audit: AuditLog;
  profile: Profile;
  clock: Clock;
  /** Counts the window reopened, for the password-expiry report (never throws). */
  countReopened?: ReopenCounter;
}

/**
 * An expired window opened again, explicitly and with a reason (audited): `activation-expired` →
 * `notified` with a new window from now, and the member is sent the notice again.
 */
export async function reopenActivationWindow(memberId: string, reason: string, actor: Actor, requestId: string, deps: ReopenDeps) {
  const member = await deps.members.get(memberId);
  if (!member) throw new NotFoundError('The member', 'member_not_found');
  assertInstitution(actor, member.institutionCode);
  if (member.state !== 'activation-expired' || member.accountCreatedAt) {
    throw new ConflictError('Only an expired activation window can be reopened', 'activation_window_not_expired');
  }
  const now = deps.clock.now();
  const activationWindowEndsAt = windowEnd(deps.profile, now);
  const reopened: Member = { ...member, state: 'notified', activationWindowEndsAt };
  const deadline = deadlineUpdate(reopened, deps.profile);
  const wrote = await deps.members.advance(
    memberId,
    ['activation-expired'],
    { state: 'notified', activationWindowEndsAt, ...deadline.set },
    stateMove(member, 'activation-expired', 'notified'),
    deadline.remove,
  );
  if (!wrote) throw new ConflictError('Only an expired activation window can be reopened', 'activation_window_not_expired');
  await deps.countReopened?.(member.institutionCode, now);
  await deps.audit.record({
    actor: actor.sub,
    role: roleOf(actor),
    action: 'activation.window-reopened',
    target: memberId,
    institution: member.institutionCode,
    at: now,
    requestId,
    outcome: 'success',
    reason,
    details: { windowEndsAt: activationWindowEndsAt },
  });
  await deps.enqueue({ kind: 'activation-notice', memberId, requestedBy: actor.sub, role: roleOf(actor), requestId });
  return { memberId, state: 'notified' as const, activationWindowEndsAt };
}
