import { addDays } from '../clock';
import { NATIONAL_ID_NAMES } from '../i18n/national-id-names';
import { smsText } from '../i18n/sms-texts';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';
import { nextNoticeKeys } from './notice-schedule';

/**
 * An invitation to activate, whoever sends it (a lot's launch, the activation-notices route, the
 * re-delivery): where it goes, what its SMS says, and when it is sent again.
 */

/** Where an activation invitation is emailed: the old address, else the alternate one; null: SMS only. */
export const invitationAddress = (member: Pick<Member, 'oldAddress' | 'alternateEmail'>) => member.oldAddress ?? member.alternateEmail;

/**
 * The `due` index keys of an invitation's next re-delivery, after `sent` invitations: one cadence
 * on, while the profile allows another and the window is still open then; null otherwise.
 */
export function invitationReminderKeys(memberId: string, now: Date, windowEndsAt: string, sent: number, profile: Profile) {
  const { redeliveryEveryDays, redeliveryMaxCount } = profile.notice;
  const stillOpen = addDays(now, redeliveryEveryDays).getTime() < Date.parse(windowEndsAt);
  return sent <= redeliveryMaxCount && stillOpen ? nextNoticeKeys(memberId, now, redeliveryEveryDays) : null;
}

/**
 * The invitation SMS: the activation page (the profile's activation URL, else its webmail) and
 * the days left; to a member without an email address, also what to enter and what comes next.
 */
export function activationNoticeSms(member: Pick<Member, 'locale'>, days: number, withEmail: boolean, profile: Profile): string {
  return smsText('activation-notice', member.locale, {
    days,
    url: profile.activationUrl ?? profile.webmailUrl,
    idName: NATIONAL_ID_NAMES[profile.nationalIdKind][member.locale],
    withEmail,
  });
}
