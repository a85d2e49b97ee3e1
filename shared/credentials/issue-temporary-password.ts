import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { type DeliveryClaims, type DeliveryReceipt, recordSent, settleByReceipt } from '../delivery/delivery-claims';
import { type DeliveryFailureStore, recordDeliveryFailure } from '../delivery/delivery-failure';
import { patiently } from '../delivery/outage';
import { smsText } from '../i18n/sms-texts';
import type { AccountControl, Directory } from '../identity/cognito-directory';
import { derivedPassword, generatePassword } from '../identity/generate-password';
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
 * support agent or operator ever sees it. `password` is a fresh CSPRNG one unless the caller
 * re-derives the password of an unfinished step (`issueTemporaryPasswordOnce`). A phone changed
 * within the profile's hold and not confirmed by an operator gets nothing:
 * `ChannelRecentlyChangedError` (409) before Cognito is touched. Callers check earlier too, before
 * they claim or write anything; this is the last line.
 */
export async function issueTemporaryPassword(
  member: Pick<Member, 'memberId' | 'address' | 'phone' | 'locale' | 'institutionCode' | 'kind'> & HoldFacts,
  deps: CredentialDeps,
  password: string = generatePassword(),
): Promise<IssuedPassword> {
  assertPhoneSettled(member, deps.clock.now(), deps.profile);
  await deps.directory.setTemporaryPassword(member.address, password);
  const setAt = deps.clock.now().toISOString();
  try {
    // An institution mailbox's password goes to its responsible person: the text says whose it is.
    const kind = member.kind === 'institution-mailbox' ? 'mailbox-password' : 'temporary-password';
    await deps.sms.send(member.phone, smsText(kind, member.locale, { login: member.address, password }), member.institutionCode);
    return { setAt, smsRejected: false };
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) throw error;
    await recordDeliveryFailure(deps.failures, member.memberId, { kind: 'sms-rejected', subType: error.reason, at: setAt });
    return { setAt, smsRejected: true };
  }
}

export interface OnceDeps extends CredentialDeps {
  directory: Pick<Directory, 'setTemporaryPassword'> & Pick<AccountControl, 'userStatus'>;
  claims: DeliveryClaims;
  /** The key an unfinished step's password is re-derived with (`temporaryPasswordKey`), never stored. */
  passwordKey: Buffer;
}

/**
 * The credential of one step that a queue may deliver more than once (a lot launch): exactly
 * once from the member's point of view. Design (issue #14):
 * - The step is **claimed** in DynamoDB (`sending`, with a random nonce) before anything is sent,
 *   and marked `sent` after (the nonce removed). A retry that finds `sent` sends nothing and
 *   returns the recorded outcome. The `sent` write waits out a short outage (`patiently`); if
 *   DynamoDB stays out longer, `UnrecordedSendError` hands the caller a receipt to queue, and
 *   the step is marked sent from that receipt later: DynamoDB down right after the SMS never
 *   makes a retry send again.
 * - A retry that finds `sending` cannot know whether the SMS went out (SNS has no idempotency
 *   key and no way to ask). It re-sends the **same** password: derived from the secret key, the
 *   member, the step and the claim's nonce (HMAC), so the member may get the same text twice but
 *   never a second, different password that silently invalidates the first. Setting the same
 *   temporary password again in Cognito (`AdminSetUserPassword`, `Permanent: false`) changes
 *   nothing the member holds. If the member already replaced it (the account is no longer in
 *   FORCE_CHANGE_PASSWORD), the first SMS evidently arrived: the step is marked sent, nothing set.
 * Why not "never re-send a `sending` step": a crash between the claim and the SMS would then leave
 * the member with nothing and the helpdesk to call; a duplicate identical SMS costs less. Why not
 * store the password (even encrypted): nothing at rest may hold one; the nonce alone is useless
 * without the key, and is gone once the step is done.
 */
export async function issueTemporaryPasswordOnce(
  member: Pick<Member, 'memberId' | 'address' | 'phone' | 'locale' | 'institutionCode'> & HoldFacts,
  step: string,
  deps: OnceDeps,
  receipt?: DeliveryReceipt,
): Promise<IssuedPassword & { repeated: boolean }> {
  const { claim, fresh } = await deps.claims.claim(
    member.memberId,
    step,
    randomBytes(16).toString('base64url'),
    deps.clock.now().toISOString(),
  );
  if (claim.state === 'sent') return { setAt: claim.setAt ?? claim.claimedAt, smsRejected: claim.smsRejected ?? false, repeated: false };
  const settled = await settleByReceipt(deps.claims, member.memberId, step, claim, receipt);
  if (settled) return { ...settled, repeated: false };
  if (!fresh) {
    const account = await deps.directory.userStatus(member.address);
    if (account && account.status !== 'FORCE_CHANGE_PASSWORD') {
      const outcome = { setAt: claim.claimedAt, smsRejected: false };
      await patiently(() => deps.claims.complete(member.memberId, step, outcome));
      return { ...outcome, repeated: false };
    }
  }
  const password = derivedPassword(deps.passwordKey, `temporary-password\0${member.memberId}\0${step}\0${claim.nonce ?? ''}`);
  const issued = await issueTemporaryPassword(member, deps, password);
  await recordSent(deps.claims, member.memberId, step, claim.nonce ?? '', issued);
  return { ...issued, repeated: !fresh };
}
