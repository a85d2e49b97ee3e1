import { createHash } from 'node:crypto';
import type { DeliveryFailure } from '../delivery/delivery-failure';
import type { Locale } from '../profiles';
import type { StaffCategory } from '../staff';

/**
 * Where a member is in the account's life. The three closed states say which deadline closed the
 * account (each has its own way back: a reopened window, a re-issued or reset password).
 */
export const MEMBER_STATES = [
  'pending',
  'account-created',
  'notified',
  'activated',
  'expired',
  'activation-expired',
  'temp-password-expired',
  'password-expired',
] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

/**
 * A staff member as stored. No national ID in clear: its keyed HMAC and last 3 characters only.
 * The phone is kept (E.164) because credentials are sent to it; it is masked in every response.
 */
export interface Member {
  memberId: string;
  nidHmac: string;
  nidLast3: string;
  givenName: string;
  familyName: string;
  phone: string;
  institutionCode: string;
  category: StaffCategory;
  oldAddress: string | null;
  alternateEmail: string | null;
  locale: Locale;
  /** The new mailbox (login). */
  address: string;
  state: MemberState;
  /** Hash of the imported fields: an identical re-import changes nothing. */
  rowHash: string;
  createdAt: string;
  updatedAt: string;
  importJobId: string;
  /**
   * Where the member was created from (an import job id, or `late-request:<id>`), never changed
   * after: a re-run import chunk counts as created what its interrupted first run created.
   */
  enrolledBy?: string;
  lotId?: string;
  /** SHA-256 of the helpdesk support code given in the notice; support checks a caller's code against it. */
  supportCodeHash?: string;
  noticesSent?: number;
  lastNoticeAt?: string;
  accountCreatedAt?: string;
  /** When the member first signed in (Cognito post-authentication): no reminder goes out after it. */
  activatedAt?: string;
  /** Activation profiles: the end of the member's activation window. */
  activationWindowEndsAt?: string;
  /** Activation: five wrong codes lock the member out of activation until then (shown to the school admin). */
  activationLockedUntil?: string;
  /** When the member proved phone + national ID and got an account (activation step 2). */
  activationCompletedAt?: string;
  /** When the member last set a password of their own (reset or change); the age rules count from it. */
  passwordChangedAt?: string;
  /** When a temporary password was last set for the member; its deadline counts from it. */
  temporaryPasswordSetAt?: string;
  /** Rotation warnings (days before expiry) already sent for the current password. */
  passwordWarningsSent?: number[];
  /** Sparse `deadline` index: the member's next deadline (shared/deadlines/next-deadline.ts). */
  deadlinePk?: string;
  deadlineSk?: string;
  /** Sparse `due` index: the day and shard of the next reminder, while one is due. */
  duePk?: string;
  dueSk?: string;
  /** The first permanent delivery failure (bounce, complaint, rejected email or SMS): no reminders after it. */
  deliveryFailure?: DeliveryFailure;
  /**
   * Absent: a staff member. `institution-mailbox`: an institution's own mailbox (e.g. a school
   * office's), an account in the members' key space so that the deadline sweep, sign-in triggers
   * and delegated resets treat it like a member's. It is nobody: no national ID, no phone of its
   * own (`phone` is empty), no HR row; its credentials and notices go to `responsibleMemberId`,
   * read when they are sent (`withHolder`, shared/institution-mailboxes/institution-mailbox.ts).
   */
  kind?: 'institution-mailbox';
  /** Institution mailboxes: the staff member of the same institution whose phone receives its passwords. */
  responsibleMemberId?: string;
  /**
   * The alternate email the member added and proved with a code sent to it: the only address a
   * password-reset code may go to (shared/passwords/alternate-email.ts). Never written by an
   * import, unlike the HR file's `alternateEmail`, which stays unverified.
   */
  verifiedAlternateEmail?: string;
  /** When the member proved `verifiedAlternateEmail`; reset codes go to it only a hold after. */
  alternateEmailVerifiedAt?: string;
  /** An address the member added that waits for its code: the business key of the code's email, the code's expiry. */
  pendingAlternateEmail?: PendingAlternateEmail;
  /**
   * When a re-import last changed the phone / the alternate email: no credential or code goes to
   * a channel for `channelChangeHoldHours` after (shared/credentials/channel-change.ts).
   */
  phoneChangedAt?: string;
  alternateEmailChangedAt?: string;
  /** When an operator last confirmed such a change (audited): the hold ends there. */
  channelChangeConfirmedAt?: string;
  /** A lot's provisioning waits for a channel hold until then (sparse `due` index, `CREDENTIALS-HELD`). */
  credentialsHeldUntil?: string;
}

export interface PendingAlternateEmail {
  address: string;
  /** The business key of the email that carries the code (the code is derived from it at send time). */
  key: string;
  codeExpiresAt: string;
}

/** The imported fields a re-import may change (address and state are Posta's, not HR's). */
export const IMPORTED_FIELDS = [
  'givenName',
  'familyName',
  'phone',
  'institutionCode',
  'category',
  'oldAddress',
  'alternateEmail',
  'locale',
] as const;
export type ImportedFields = Pick<Member, (typeof IMPORTED_FIELDS)[number]>;

/** Hash of the imported fields: an import (or a late request) with the same values changes nothing. */
export function importedFieldsHash(fields: ImportedFields): string {
  return createHash('sha256')
    .update(JSON.stringify(IMPORTED_FIELDS.map((f) => fields[f])))
    .digest('hex');
}
