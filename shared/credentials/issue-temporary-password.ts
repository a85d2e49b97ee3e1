import type { Clock } from '../clock';
import { type DeliveryFailureStore, recordDeliveryFailure } from '../delivery/delivery-failure';
import { smsText } from '../i18n/sms-texts';
import type { Directory } from '../identity/cognito-directory';
import { generatePassword } from '../identity/generate-password';
import type { Member } from '../members/member';
import type { Profile } from '../profiles';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';
import { assertPhoneSettled, type HoldFacts } from './channel-change';

export interface CredentialDeps {
  directory: Pick<Directory, 'setTemporaryPassword'>;
  sms: SmsSender;
  /** Where a phone number SNS refuses is recorded against the member. */
  failures: DeliveryFailureStore;
  clock: Clock;
  /** How long a changed phone is held (shared/credentials/channel-change.ts). */
  profile: Pick<Profile, 'channelChangeHoldHours'>;
}

export interface IssuedPassword {
  /** When Cognito took the password: the temporary-password deadline counts from here. */
  setAt: string;
  /** SNS refused the phone on record (recorded against the member): nobody received the password. */
  smsRejected: boolean;
}

/**
 * The one credential path (lot launch, activation, delegated reset, support desk): a password
 * generated here, set in Cognito as temporary (`Permanent: false`, so the first sign-in must
 * replace it) and sent by SMS to the phone on record. It leaves this function only in those two
 * calls — never in a return value, a queue, a table, a log or an HTTP answer — so no officer,
 * support agent or operator ever sees it. A phone changed within the profile's hold and not
 * confirmed by an operator gets nothing: `ChannelRecentlyChangedError` (409) before Cognito is
 * touched. Callers check earlier too, before they claim or write anything; this is the last line.
 */
export async function issueTemporaryPassword(
  member: Pick<Member, 'memberId' | 'address' | 'phone' | 'locale' | 'institutionCode'> & HoldFacts,
  deps: CredentialDeps,
): Promise<IssuedPassword> {
  assertPhoneSettled(member, deps.clock.now(), deps.profile);
  const password = generatePassword();
  await deps.directory.setTemporaryPassword(member.address, password);
  const setAt = deps.clock.now().toISOString();
  try {
    await deps.sms.send(
      member.phone,
      smsText('temporary-password', member.locale, { login: member.address, password }),
      member.institutionCode,
    );
    return { setAt, smsRejected: false };
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) throw error;
    await recordDeliveryFailure(deps.failures, member.memberId, { kind: 'sms-rejected', subType: error.reason, at: setAt });
    return { setAt, smsRejected: true };
  }
}
