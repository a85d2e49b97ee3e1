import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { addDays } from '../clock';
import type { HeldCredentialStore } from '../credentials/held-credential-store';
import { holdProvisioning } from '../credentials/held-credentials';
import { issueTemporaryPassword } from '../credentials/issue-temporary-password';
import { deadlineKeys, nextDeadline } from '../deadlines/next-deadline';
import type { DeliveryFailureStore } from '../delivery/delivery-failure';
import type { EmailMessage } from '../email/email-message';
import { formatDay } from '../i18n/dates';
import { NATIONAL_ID_NAMES } from '../i18n/national-id-names';
import type { Directory } from '../identity/cognito-directory';
import { hashSupportCode, supportCodeFor } from '../identity/support-code';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { activationNoticeSms, invitationAddress, invitationReminderKeys } from '../notices/invitation';
import { nextNoticeKeys } from '../notices/notice-schedule';
import type { Profile } from '../profiles';
import type { ProgressDelta } from '../progress/progress-counters';
import type { SmsSender } from '../sms/send-sms';
import type { ProvisionMessage } from './launch-lots';

export interface ProvisionDeps {
  members: Pick<MemberStore, 'get' | 'advance'>;
  directory: Directory;
  sms: SmsSender;
  /** Where a phone number SNS refuses is recorded against the member. */
  failures: DeliveryFailureStore;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
  /** Key for the support code's stored hash. */
  supportCodeKey: string;
  launchAt: (lotId: string) => Promise<string>;
  /** Each notice sent is on the member's audit trail (never its content). */
  audit: AuditLog;
  /** Where a member waits while a re-import's new phone is held (shared/credentials/held-credentials.ts). */
  held: Pick<HeldCredentialStore, 'park'>;
}

/** Who sends a launch's notices, on the audit trail. */
const PROVISIONER = 'system:provision';

/** A state change on the member's lot and institution counters. */
const count = (member: Member, delta: ProgressDelta) => ({
  scope: { lotId: member.lotId, institutionCode: member.institutionCode },
  delta,
});

const formatDate = formatDay;

/**
 * The notice's facts, as the `migration-notice` template expects them. Never a password. A fact
 * the member does not have is an empty string, and the template leaves out the sentence that
 * needs it (`{{#if}}`): no old address, no forwarding.
 */
export function noticeData(member: Member, supportCode: string, migrationDate: string, profile: Profile) {
  const forwardingUntil =
    profile.forwardingWindowDays === null || !member.oldAddress
      ? ''
      : addDays(new Date(migrationDate), profile.forwardingWindowDays).toISOString();
  return {
    givenName: member.givenName,
    migrationDate: formatDate(migrationDate, member.locale, profile.timeZone),
    login: member.address,
    webmailUrl: profile.webmailUrl,
    phoneLast3: member.phone.slice(-3),
    tempPasswordDays: profile.temporaryPasswordDeadlineDays,
    supportCode,
    oldAddress: member.oldAddress ?? '',
    forwardingUntil: forwardingUntil && formatDate(forwardingUntil, member.locale, profile.timeZone),
    helpdeskEmail: profile.helpdesk.email,
    helpdeskPhone: profile.helpdesk.phone,
    helpdeskHours: profile.helpdesk.hours,
  };
}

/**
 * One member of a launching lot: the Cognito account on the new address, a temporary password
 * set in Cognito and sent by SMS to the phone on record (generated here, never written to a
 * queue, a table or a log), a helpdesk support code (derived, stored hashed), and the notice queued by
 * email with a business key so it is sent once. The member moves pending → account-created →
 * notified, each step with its counters; a redelivered message resumes from the step it finds,
 * and one for a member already notified (or in another lot) does nothing.
 */
export async function provisionAccount(message: ProvisionMessage, deps: ProvisionDeps): Promise<'provisioned' | 'skipped' | 'held'> {
  const member = await deps.members.get(message.memberId);
  if (!member || member.lotId !== message.lotId) return 'skipped';
  if (deps.profile.credentialDelivery === 'activation') {
    return member.state === 'pending' ? inviteToActivate(member, deps) : 'skipped';
  }
  if (member.state !== 'pending' && member.state !== 'account-created') return 'skipped';
  return createWithTemporaryPassword(member, message.lotId, deps);
}

/** Italian and Turkish practice: the account now, its temporary password by SMS, the notice by email. */
async function createWithTemporaryPassword(member: Member, lotId: string, deps: ProvisionDeps) {
  // A phone a re-import changed lately gets no password: the member waits, filed for release.
  if (await holdProvisioning(member, deps)) return 'held' as const;
  if (member.state === 'pending') {
    await deps.directory.createUser(member.address, {
      given_name: member.givenName,
      family_name: member.familyName,
      locale: member.locale,
      // The phone on record, verified by HR: Cognito sends self-service reset codes to it.
      phone_number: member.phone,
      phone_number_verified: 'true',
    });
    const created = await deps.members.advance(
      member.memberId,
      ['pending'],
      { state: 'account-created', accountCreatedAt: deps.clock.now().toISOString() },
      count(member, { pending: -1, accountCreated: 1 }),
    );
    // A concurrent delivery of the same message moved the member first: it finishes the job.
    if (!created) return 'skipped' as const;
  }

  // Known gap (at least once): a crash after the SMS and before the write below brings the
  // message back in `account-created`, and the member gets a second SMS with a new password —
  // the later one is the valid one, so the member is never locked out. SNS has no idempotency key.
  const { setAt: temporaryPasswordSetAt, smsRejected } = await issueTemporaryPassword(member, deps);

  const supportCode = supportCodeFor(member.memberId, deps.supportCodeKey);
  const to = member.oldAddress ?? member.alternateEmail;
  if (to) {
    await deps.enqueueEmail({
      key: `notice#${member.memberId}#1`,
      template: 'migration-notice',
      locale: member.locale,
      to,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: noticeData(member, supportCode, await deps.launchAt(lotId), deps.profile),
    });
  }
  const now = deps.clock.now().toISOString();
  await deps.audit.record({
    actor: PROVISIONER,
    role: 'system',
    action: 'notice.sent',
    target: member.memberId,
    institution: member.institutionCode,
    at: deps.clock.now(),
    requestId: `notice#${member.memberId}#1`,
    outcome: 'success',
    details: { lotId, email: Boolean(to), smsRejected },
  });
  await deps.members.advance(
    member.memberId,
    ['account-created'],
    {
      state: 'notified',
      temporaryPasswordSetAt,
      supportCodeHash: hashSupportCode(supportCode, deps.supportCodeKey),
      noticesSent: to ? 1 : 0,
      lastNoticeAt: now,
      // The first reminder falls due after the profile's cadence (sparse, sharded index); none
      // for a member whose delivery already failed (the helpdesk takes over).
      ...(to &&
        !smsRejected &&
        deps.profile.notice.redeliveryMaxCount > 0 &&
        nextNoticeKeys(member.memberId, deps.clock.now(), deps.profile.notice.redeliveryEveryDays)),
      // The temporary password's deadline (the sweep disables the account if it is not replaced).
      ...deadlineKeys(member.memberId, nextDeadline({ ...member, state: 'notified', temporaryPasswordSetAt }, deps.profile)),
    },
    count(member, { accountCreated: -1, notified: 1 }),
  );
  return 'provisioned' as const;
}

/**
 * Moscow practice: no account yet. The member is invited (SMS to the phone on record, email
 * where there is an address) and the activation window opens; the account is created when the
 * member proves who they are (activation flow). The invitation is re-sent at the profile's cadence
 * (resend-notices: by email, or by SMS to a member without one) while the window is open.
 */
async function inviteToActivate(member: Member, deps: ProvisionDeps) {
  const days = deps.profile.activationWindowDays ?? 0;
  const now = deps.clock.now();
  const deadline = addDays(now, days);
  const to = invitationAddress(member);
  await deps.sms.send(member.phone, activationNoticeSms(member, days, Boolean(to), deps.profile), member.institutionCode);
  if (to) {
    await deps.enqueueEmail({
      key: `activation-notice#${member.memberId}#1`,
      template: 'activation-notice',
      locale: member.locale,
      to,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: activationNoticeData(member, days, deadline.toISOString(), deps.profile),
    });
  }
  const supportCode = supportCodeFor(member.memberId, deps.supportCodeKey);
  const activationWindowEndsAt = deadline.toISOString();
  await deps.members.advance(
    member.memberId,
    ['pending'],
    {
      state: 'notified',
      activationWindowEndsAt,
      supportCodeHash: hashSupportCode(supportCode, deps.supportCodeKey),
      noticesSent: 1,
      lastNoticeAt: now.toISOString(),
      // The window's end is the member's next deadline (the sweep closes it).
      ...deadlineKeys(member.memberId, nextDeadline({ ...member, state: 'notified', activationWindowEndsAt }, deps.profile)),
      ...invitationReminderKeys(member.memberId, now, activationWindowEndsAt, 1, deps.profile),
    },
    count(member, { pending: -1, notified: 1 }),
  );
  await deps.audit.record({
    actor: PROVISIONER,
    role: 'system',
    action: 'activation.notice-sent',
    target: member.memberId,
    institution: member.institutionCode,
    at: now,
    requestId: `activation-notice#${member.memberId}#1`,
    outcome: 'success',
    details: { windowEndsAt: activationWindowEndsAt, email: Boolean(to) },
  });
  return 'provisioned' as const;
}

/** The `activation-notice` email's facts (lot launch and the activation-notice route alike). */
export function activationNoticeData(member: Member, days: number, windowEndsAt: string, profile: Profile) {
  return {
    givenName: member.givenName,
    login: member.address,
    activationDays: days,
    activationDeadline: formatDate(windowEndsAt, member.locale, profile.timeZone),
    activationUrl: profile.activationUrl ?? profile.webmailUrl,
    nationalIdName: NATIONAL_ID_NAMES[profile.nationalIdKind][member.locale],
    tempPasswordDays: profile.temporaryPasswordDeadlineDays,
    helpdeskEmail: profile.helpdesk.email,
    helpdeskPhone: profile.helpdesk.phone,
    helpdeskHours: profile.helpdesk.hours,
  };
}
