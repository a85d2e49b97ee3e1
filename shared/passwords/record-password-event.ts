import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { fileDeadline } from '../deadlines/file-deadline';
import type { EmailMessage } from '../email/email-message';
import { formatInstant } from '../i18n/dates';
import { withHolder } from '../institution-mailboxes/institution-mailbox';
import { logger } from '../logger';
import type { Member } from '../members/member';
import { noticeAddress } from '../members/notice-address';
import type { Profile } from '../profiles';
import type { PasswordRecords } from './password-records';

/** Audit partition for accounts outside the staff register (e.g. operators' own accounts). */
export const NO_INSTITUTION = 'none';

export interface PasswordEvent {
  kind: 'password.reset' | 'password.reset-by-email' | 'password.changed';
  /** The account whose password changed. */
  login: string;
  /** Who did it: the user's `sub` when signed in, the login when proven by a code (SMS or email). */
  actor: string;
  role: string;
  requestId: string;
}

export interface RecordDeps {
  records: PasswordRecords;
  audit: AuditLog;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
  clock: Clock;
}

/** The `password-changed` template's facts. Never the password. */
export function passwordChangedData(member: Member, at: Date, profile: Profile) {
  return {
    givenName: member.givenName,
    login: member.address,
    changedAt: formatInstant(at, member.locale, profile.timeZone),
    ...helpdeskData(profile),
  };
}

/** The helpdesk's contacts, as every template that names them takes them. */
export function helpdeskData(profile: Pick<Profile, 'helpdesk'>) {
  return { helpdeskEmail: profile.helpdesk.email, helpdeskPhone: profile.helpdesk.phone, helpdeskHours: profile.helpdesk.hours };
}

/**
 * After Cognito took a new password: `passwordChangedAt` on the member, one audit record, and the
 * member told by email (without the secret). An account with no member record (demo and staff
 * accounts made outside an import) is audited and logged, nothing else.
 */
export async function recordPasswordEvent(event: PasswordEvent, deps: RecordDeps): Promise<void> {
  const at = deps.clock.now();
  const member = await deps.records.memberByLogin(event.login);
  // A new password starts a new rotation: no warning sent for it yet, and the deadline moves with it
  // (closed members get none here: the reset that reopens them files it after its state change).
  const recorded = member
    ? await deps.records.recordChange(
        member.memberId,
        at.toISOString(),
        fileDeadline(member.memberId, { ...member, passwordChangedAt: at.toISOString(), passwordWarningsSent: [] }, deps.profile),
      )
    : false;
  if (!member) logger.info('password changed for an account without a member record', { action: event.kind });
  // An institution mailbox is told through its responsible person: their language, name and
  // personal address (none when the person left the institution: nobody is told).
  const told = member && (await withHolder(member, { get: (id) => deps.records.memberById(id) }));
  const to = told && noticeAddress(told);
  if (member && told && to) {
    // Both events use `password-changed`: `password-reset-done` tells of a reset by the
    // institution with a temporary password sent by SMS, which is not what happened here.
    await deps.enqueueEmail({
      key: `${event.kind}#${member.memberId}#${event.requestId}`,
      template: 'password-changed',
      locale: told.locale,
      to,
      memberId: member.memberId,
      institutionCode: member.institutionCode,
      data: passwordChangedData(told, at, deps.profile),
    });
  } else if (member) {
    logger.info('no email address on record: the member is not notified of the password change', { memberId: member.memberId });
  }
  await deps.audit.record({
    actor: event.actor,
    role: event.role,
    action: event.kind,
    target: member?.memberId ?? event.login,
    institution: member?.institutionCode ?? NO_INSTITUTION,
    at,
    requestId: event.requestId,
    outcome: 'success',
    details: { login: event.login, memberRecorded: recorded, notifiedByEmail: Boolean(member && to) },
  });
}
