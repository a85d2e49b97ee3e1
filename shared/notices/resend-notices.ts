import type { AuditLog } from '../audit/audit-log';
import { addDays, type Clock } from '../clock';
import type { EmailMessage } from '../email/email-message';
import { activationNoticeData, noticeData } from '../lots/provision-account';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import type { SmsSender } from '../sms/send-sms';
import { activationNoticeSms, invitationAddress, invitationReminderKeys } from './invitation';
import { NOTICE_SHARDS, nextNoticeKeys } from './notice-schedule';

export interface ResendDeps {
  members: Pick<MemberStore, 'get' | 'dueNotices' | 'recordNotice'>;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
  launchAt(lotId: string): Promise<string>;
  /** Invitations to a member without an email address are re-sent by SMS. */
  sms: SmsSender;
  /** Each reminder is on the member's audit trail. */
  audit: AuditLog;
  /** The run's id (the scheduled event's id): the audit records' request id. */
  runId: string;
}

const RESENDER = 'system:resend-notices';

/**
 * Whether the temporary password sent at account creation is past the profile's deadline: then
 * a reminder must not send the member to sign in with it, but tell them how to get a new one.
 */
export function temporaryPasswordExpired(member: Pick<Member, 'accountCreatedAt'>, profile: Profile, now: Date): boolean {
  if (!member.accountCreatedAt) return false;
  return addDays(new Date(member.accountCreatedAt), profile.temporaryPasswordDeadlineDays).getTime() <= now.getTime();
}

/** Days looked back, so a sweep that did not run for a few days catches up. */
const CATCH_UP_DAYS = 7;

/**
 * The circular's "restored even if deleted by mistake": members who were notified and have not
 * signed in yet get the notice again every `redeliveryEveryDays`, at most `redeliveryMaxCount`
 * times. Reads only the `due` index partitions of the last days (never a scan); each reminder is
 * counted with a conditional write and sent with a business key, so running twice sends once.
 */
export async function resendNotices(deps: ResendDeps) {
  const now = deps.clock.now();
  const { redeliveryEveryDays, redeliveryMaxCount } = deps.profile.notice;
  let sent = 0;
  for (let back = CATCH_UP_DAYS - 1; back >= 0; back--) {
    const day = addDays(now, -back).toISOString().slice(0, 10);
    for (let shard = 0; shard < NOTICE_SHARDS; shard++) {
      for (const memberId of await deps.members.dueNotices(`NOTICE#${day}#${shard}`)) {
        const member = await deps.members.get(memberId);
        if (member?.state !== 'notified') continue;
        if (deps.profile.credentialDelivery === 'activation') {
          if (await redeliverInvitation(member, deps, now)) sent++;
          continue;
        }
        if (!member.lotId) continue;
        const sentBefore = member.noticesSent ?? 1;
        const reminderNumber = sentBefore; // notice 1 was the first one; reminders count from 1
        const to = member.oldAddress ?? member.alternateEmail;
        const last = reminderNumber >= redeliveryMaxCount;
        const next = last ? null : nextNoticeKeys(memberId, now, redeliveryEveryDays);
        // A member counts as re-notified once, at the first reminder.
        const progress = {
          scope: { lotId: member.lotId, institutionCode: member.institutionCode },
          delta: { reNotified: sentBefore === 1 ? 1 : 0 },
        };
        if (!to || !(await deps.members.recordNotice(memberId, sentBefore, now.toISOString(), next, progress))) continue;
        const passwordExpired = temporaryPasswordExpired(member, deps.profile, now);
        await deps.enqueueEmail({
          key: `notice#${memberId}#${sentBefore + 1}`,
          memberId,
          institutionCode: member.institutionCode,
          template: 'migration-reminder',
          locale: member.locale,
          to,
          data: {
            ...noticeData(member, await deps.launchAt(member.lotId), deps.profile),
            reminderNumber,
            passwordExpired,
          },
        });
        await deps.audit.record({
          actor: RESENDER,
          role: 'system',
          action: 'notice.resent',
          target: memberId,
          institution: member.institutionCode,
          at: now,
          requestId: deps.runId,
          outcome: 'success',
          details: { reminderNumber, passwordExpired, email: true },
        });
        sent++;
      }
    }
  }
  return { sent };
}

const DAY_MS = 86_400_000;

/**
 * Activation profiles: the invitation again while the member has not activated (no account yet)
 * and the window is open — never past its end, which a re-delivery does not move. By email
 * (`activation-notice`, business key `activation-notice#<member>#<n>`) where there is an address,
 * else by SMS with everything the member needs. Counted with the same conditional write as
 * migration reminders, so a run repeated on the same day sends nothing new.
 */
async function redeliverInvitation(member: Member, deps: ResendDeps, now: Date): Promise<boolean> {
  const windowEndsAt = member.activationWindowEndsAt;
  if (member.accountCreatedAt || !windowEndsAt || Date.parse(windowEndsAt) <= now.getTime()) return false;
  const to = invitationAddress(member);
  const sentBefore = member.noticesSent ?? 1;
  const next = invitationReminderKeys(member.memberId, now, windowEndsAt, sentBefore + 1, deps.profile);
  const progress = {
    scope: { lotId: member.lotId ?? null, institutionCode: member.institutionCode },
    delta: { reNotified: sentBefore === 1 ? 1 : 0 },
  };
  if (!(await deps.members.recordNotice(member.memberId, sentBefore, now.toISOString(), next, progress))) return false;
  const daysLeft = Math.ceil((Date.parse(windowEndsAt) - now.getTime()) / DAY_MS);
  if (to) {
    await deps.enqueueEmail({
      key: `activation-notice#${member.memberId}#${sentBefore + 1}`,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      template: 'activation-notice',
      locale: member.locale,
      to,
      data: activationNoticeData(member, daysLeft, windowEndsAt, deps.profile),
    });
  } else {
    await deps.sms.send(member.phone, activationNoticeSms(member, daysLeft, false, deps.profile), member.institutionCode);
  }
  await deps.audit.record({
    actor: RESENDER,
    role: 'system',
    action: 'activation.notice-resent',
    target: member.memberId,
    institution: member.institutionCode,
    at: now,
    requestId: deps.runId,
    outcome: 'success',
    details: { windowEndsAt, email: Boolean(to), reminderNumber: sentBefore },
  });
  return true;
}
