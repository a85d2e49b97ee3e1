import type { EmailMessage } from '../email/email-message';
import { formatInstant } from '../i18n/dates';
import { smsText } from '../i18n/sms-texts';
import { logger } from '../logger';
import type { Member, PendingAlternateEmail } from '../members/member';
import { noticeAddress } from '../members/notice-address';
import type { Profile } from '../profiles';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';
import { ALTERNATE_EMAIL_HOLD_HOURS } from './alternate-email';
import type { AlternateEmailStore } from './alternate-email-store';
import { helpdeskData } from './record-password-event';

export interface AlternateEmailChangeDeps {
  store: AlternateEmailStore;
  sms: SmsSender;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
}

/** A proved address becomes the one codes go to, or the one there was is removed. */
export type AlternateEmailChange = { kind: 'verified'; pending: PendingAlternateEmail } | { kind: 'removed' };

/**
 * The one write that changes where password-reset codes may go. It first tells the member on the
 * channels they had BEFORE — an SMS to the phone on record and the `alternate-email-changed` email
 * to the old verified address and to the notice address (never naming the new address) — then
 * writes, so a crash in between announces twice, never not at all. The new address gets codes
 * only `ALTERNATE_EMAIL_HOLD_HOURS` after (`resetEmailOf`). False when the member's addresses
 * changed since they were read (nothing is written then).
 *
 * This is the hook for the credential guard's channel-change hold (shared/credentials): when the
 * guard is in place, its announcement and stamp belong here, and nowhere else.
 */
export async function changeAlternateEmail(
  before: Member,
  change: AlternateEmailChange,
  at: Date,
  requestId: string,
  deps: AlternateEmailChangeDeps,
): Promise<boolean> {
  await announceAlternateEmailChange(before, change.kind === 'removed', at, requestId, deps);
  return change.kind === 'removed'
    ? deps.store.remove(before.memberId, before.verifiedAlternateEmail ?? null)
    : deps.store.confirmPending(before.memberId, change.pending.key, change.pending.address, at.toISOString());
}

async function announceAlternateEmailChange(before: Member, removed: boolean, at: Date, requestId: string, deps: AlternateEmailChangeDeps) {
  try {
    await deps.sms.send(
      before.phone,
      smsText('alternate-email-changed', before.locale, { helpdeskPhone: deps.profile.helpdesk.phone }),
      before.institutionCode,
    );
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) throw error;
    // The email still goes, and the change still lands: the member asked for it while signed in.
    logger.warn('the phone on record refused the alternate-email notice', { memberId: before.memberId, reason: error.reason });
  }
  const usableFrom = new Date(at.getTime() + ALTERNATE_EMAIL_HOLD_HOURS * 3_600_000);
  const data = {
    givenName: before.givenName,
    login: before.address,
    changedAt: formatInstant(at, before.locale, deps.profile.timeZone),
    removed,
    usableFrom: formatInstant(usableFrom, before.locale, deps.profile.timeZone),
    ...helpdeskData(deps.profile),
  };
  const recipients = [...new Set([before.verifiedAlternateEmail, noticeAddress(before)].filter((a): a is string => Boolean(a)))];
  for (const [i, to] of recipients.entries()) {
    await deps.enqueueEmail({
      key: `alternate-email-changed#${before.memberId}#${requestId}#${i}`,
      template: 'alternate-email-changed',
      locale: before.locale,
      to,
      memberId: before.memberId,
      institutionCode: before.institutionCode,
      data,
    });
  }
}
