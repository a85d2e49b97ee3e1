import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { addDays } from '../clock';
import type { HeldCredentialStore } from '../credentials/held-credential-store';
import { holdProvisioning } from '../credentials/held-credentials';
import { issueTemporaryPasswordOnce } from '../credentials/issue-temporary-password';
import { deadlineKeys, nextDeadline } from '../deadlines/next-deadline';
import { type DeliveryClaims, type DeliveryReceipt, deliverOnce } from '../delivery/delivery-claims';
import { type DeliveryFailureStore, recordDeliveryFailure } from '../delivery/delivery-failure';
import type { EmailMessage } from '../email/email-message';
import { formatDay } from '../i18n/dates';
import { NATIONAL_ID_NAMES } from '../i18n/national-id-names';
import type { AccountControl, Directory } from '../identity/cognito-directory';
import { hashSupportCode, supportCodeFor } from '../identity/support-code';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { activationNoticeSms, invitationAddress, invitationReminderKeys } from '../notices/invitation';
import { nextNoticeKeys } from '../notices/notice-schedule';
import type { Profile } from '../profiles';
import type { ProgressDelta } from '../progress/progress-counters';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';
import type { ProvisionMessage } from './launch-lots';

export interface ProvisionDeps {
  members: Pick<MemberStore, 'get' | 'advance'>;
  directory: Directory & Pick<AccountControl, 'userStatus'>;
  sms: SmsSender;
  /** Each SMS step claimed before it is sent, so a redelivered message never sends a second, different one. */
  claims: DeliveryClaims;
  /** Re-derives the temporary password of a step an earlier attempt left unfinished (never stored). */
  passwordKey: Buffer;
  /** Where a phone number SNS refuses is recorded against the member. */
  failures: DeliveryFailureStore;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
  /** The support-code secret: the code's stored hash (the email consumer inserts the code itself). */
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
 * The notice's facts, as the `migration-notice` template expects them. Never a password, and
 * never the support code: the email consumer inserts it at send time (shared/email/insert-support-code.ts).
 * `smsRefused`: SNS refused the phone on record, so the notice says the password did not come
 * and what to do, instead of announcing an SMS that never arrives (issue #17).
 *
 * A fact the member does not have is an empty string, and the template leaves out the sentence
 * that needs it (`{{#if}}`): no old address, no forwarding.
 */
export function noticeData(member: Member, migrationDate: string, profile: Profile, smsRefused = false) {
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
    oldAddress: member.oldAddress ?? '',
    forwardingUntil: forwardingUntil && formatDate(forwardingUntil, member.locale, profile.timeZone),
    helpdeskEmail: profile.helpdesk.email,
    helpdeskPhone: profile.helpdesk.phone,
    helpdeskHours: profile.helpdesk.hours,
    smsRefused,
  };
}

/**
 * One member of a launching lot: the Cognito account on the new address, a temporary password
 * set in Cognito and sent by SMS to the phone on record (generated here, never written to a
 * queue, a table or a log), a helpdesk support code (derived, stored hashed), and the notice queued by
 * email with a business key so it is sent once. The member moves pending → account-created →
 * notified, each step with its counters; a redelivered message resumes from the step it finds,
 * and one for a member already notified (or in another lot) does nothing. The SMS of each step is
 * claimed first (`launch#<lot>`, `invitation#<lot>`): one password per member and launch, whatever
 * crashes or outages come in between (`issueTemporaryPasswordOnce`).
 */
export async function provisionAccount(message: ProvisionMessage, deps: ProvisionDeps): Promise<'provisioned' | 'skipped' | 'held'> {
  const member = await deps.members.get(message.memberId);
  if (!member || member.lotId !== message.lotId) return 'skipped';
  if (deps.profile.credentialDelivery === 'activation') {
    return member.state === 'pending' ? inviteToActivate(member, message.lotId, deps, message.receipt) : 'skipped';
  }
  if (member.state !== 'pending' && member.state !== 'account-created') return 'skipped';
  return createWithTemporaryPassword(member, message.lotId, deps, message.receipt);
}

/** Italian and Turkish practice: the account now, its temporary password by SMS, the notice by email. */
async function createWithTemporaryPassword(member: Member, lotId: string, deps: ProvisionDeps, receipt?: DeliveryReceipt) {
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

  // Claimed per member and launch: a message redelivered after the SMS finds the step done; one
  // redelivered after a crash in between re-sends the same password (see issueTemporaryPasswordOnce).
  const { setAt: temporaryPasswordSetAt, smsRejected } = await issueTemporaryPasswordOnce(member, `launch#${lotId}`, deps, receipt);

  const to = member.oldAddress ?? member.alternateEmail;
  if (to) {
    const migrationDate = await deps.launchAt(lotId);
    // Queued once: a retry after the notice was queued (the state write below failed) queues no
    // second message with its key, which could race a receipt of the first (send-email).
    await queueOnce(member, `notice#${lotId}`, deps, receipt, {
      key: `notice#${member.memberId}#1`,
      template: 'migration-notice',
      locale: member.locale,
      to,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: noticeData(member, migrationDate, deps.profile, smsRejected),
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
  const notified = await deps.members.advance(
    member.memberId,
    ['account-created'],
    {
      state: 'notified',
      temporaryPasswordSetAt,
      supportCodeHash: hashSupportCode(supportCodeFor(member.memberId, deps.supportCodeKey), deps.supportCodeKey),
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
  // Another delivery of the same member got there first (or the member moved on): nothing to add.
  return notified ? ('provisioned' as const) : ('skipped' as const);
}

/**
 * Moscow practice: no account yet. The member is invited (SMS to the phone on record, email
 * where there is an address) and the activation window opens; the account is created when the
 * member proves who they are (activation flow). The invitation is re-sent at the profile's cadence
 * (resend-notices: by email, or by SMS to a member without one) while the window is open.
 */
async function inviteToActivate(member: Member, lotId: string, deps: ProvisionDeps, receipt?: DeliveryReceipt) {
  const days = deps.profile.activationWindowDays ?? 0;
  const now = deps.clock.now();
  const deadline = addDays(now, days);
  const to = invitationAddress(member);
  const { smsRejected: smsRefused } = await sendInvitationOnce(
    member,
    `invitation#${lotId}`,
    activationNoticeSms(member, days, Boolean(to), deps.profile),
    deps,
    receipt,
  );
  if (to) {
    await queueOnce(member, `activation-notice#${lotId}`, deps, receipt, {
      key: `activation-notice#${member.memberId}#1`,
      template: 'activation-notice',
      locale: member.locale,
      to,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: activationNoticeData(member, days, deadline.toISOString(), deps.profile, smsRefused),
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

/**
/**
 * An SMS that is not a credential (an invitation): sent, or — SNS refusing the number — recorded
 * against the member (who goes on the phone-update list) and answered `true` (refused), so the
 * email can say so instead of the message failing until it is dead-lettered.
 */
export async function sendUnlessRefused(
  member: Pick<Member, 'memberId' | 'phone' | 'institutionCode'>,
  text: string,
  deps: { sms: SmsSender; failures: DeliveryFailureStore; clock: Clock },
): Promise<boolean> {
  try {
    await deps.sms.send(member.phone, text, member.institutionCode);
    return false;
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) throw error;
    await recordDeliveryFailure(deps.failures, member.memberId, {
      kind: 'sms-rejected',
      subType: error.reason,
      at: deps.clock.now().toISOString(),
    });
    return true;
  }
}

/**
 * The invitation SMS, claimed like a password (the text holds no secret, so a step left
 * `sending` by a crash is simply sent again: at worst the same text twice, never none). A phone
 * SNS refuses is recorded against the member, as for passwords, instead of failing the message;
 * the answer says whether it was refused (now, or by the attempt that sent it), for the email.
 */
function sendInvitationOnce(member: Member, step: string, text: string, deps: ProvisionDeps, receipt?: DeliveryReceipt) {
  return deliverOnce(
    deps.claims,
    member.memberId,
    step,
    deps.clock.now().toISOString(),
    async () => ({ smsRejected: await sendUnlessRefused(member, text, deps) }),
    receipt,
  );
}

/** An email queued once per (member, step), claimed like an SMS (`deliverOnce`). */
async function queueOnce(member: Member, step: string, deps: ProvisionDeps, receipt: DeliveryReceipt | undefined, email: EmailMessage) {
  await deliverOnce(
    deps.claims,
    member.memberId,
    step,
    deps.clock.now().toISOString(),
    async () => {
      await deps.enqueueEmail(email);
      return { smsRejected: false };
    },
    receipt,
  );
}

/** The `activation-notice` email's facts (lot launch and the activation-notice route alike); `smsRefused` as in `noticeData`. */
export function activationNoticeData(member: Member, days: number, windowEndsAt: string, profile: Profile, smsRefused = false) {
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
    smsRefused,
  };
}
