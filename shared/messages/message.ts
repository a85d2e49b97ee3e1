import type { Role } from '../auth/role-names';
import { type SmsEncoding, smsSegments } from '../i18n/sms-segments';
import type { MemberState } from '../members/member';
import type { Locale } from '../profiles/profile-ids';
import type { StaffCategory } from '../staff/vocabulary';

/**
 * Messages to staff (issue #17 part 2, Moscow's "one entry point for informing staff"): an
 * operator (any institution) or a school admin (their own) writes a subject and body per locale,
 * optionally a short SMS, for a selection of staff; sees its size and a preview with a real
 * member's data; sends now or at a time. Above the profile's `messageApprovalThreshold`
 * recipients a second operator approves first.
 *
 *   draft → scheduled → sending → sent          (send; the `send-messages` schedule fans out)
 *   draft → awaiting-approval → scheduled → …   (over the threshold: another operator approves)
 *   draft | awaiting-approval | scheduled → cancelled
 */
export const MESSAGE_STATES = ['draft', 'awaiting-approval', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** Roles whose holders a message may be addressed to: those held in an institution. */
export const ADDRESSABLE_ROLES = ['school-admin', 'officer', 'approver', 'moderator'] as const satisfies readonly Role[];
export type AddressableRole = (typeof ADDRESSABLE_ROLES)[number];

/**
 * Who a message goes to, within `institutionCodes` (empty: every registered institution, operators
 * only). `memberIds`: exactly those members. `phoneUpdateList`: exactly the people on those
 * institutions' phone-update lists (shared/phone-updates), members or not. Otherwise the members
 * of those institutions — only those of `categories` / in `states` when given — and, with `roles`,
 * the holders of those roles there; `roles` alone: the role holders only.
 */
export interface MessageSelection {
  institutionCodes: string[];
  categories?: StaffCategory[] | undefined;
  states?: MemberState[] | undefined;
  roles?: AddressableRole[] | undefined;
  memberIds?: string[] | undefined;
  phoneUpdateList?: boolean | undefined;
}

/** Texts per locale; the profile's default locale is required and stands in for a missing one. */
export type LocalizedText = Partial<Record<Locale, string>>;

export interface MessageContent {
  subject: LocalizedText;
  body: LocalizedText;
  sms: LocalizedText | null;
}

/** The delivery report, from the fan-out, the email and SMS consumers and the SES events. */
export interface MessageReport {
  /** Emails handed to the email queue (one per recipient with an address). */
  queued: number;
  /** Recipients with neither an email address nor (for an SMS message) a usable phone. */
  noChannel: number;
  smsQueued: number;
  sent: number;
  rejected: number;
  bounced: number;
  complained: number;
  smsSent: number;
  smsFailed: number;
}

export const EMPTY_REPORT: MessageReport = {
  queued: 0,
  noChannel: 0,
  smsQueued: 0,
  sent: 0,
  rejected: 0,
  bounced: 0,
  complained: 0,
  smsSent: 0,
  smsFailed: 0,
};

export interface Message {
  messageId: string;
  state: MessageState;
  selection: MessageSelection;
  content: MessageContent;
  /** The size of the selection when the message was written (members of several parts counted in each). */
  recipients: number;
  createdBy: string;
  createdByRole: string;
  createdAt: string;
  sentBy: string | null;
  /** When it goes (null: not sent yet). */
  sendAt: string | null;
  approvedBy: string | null;
  /** When the fan-out began (a fan-out that died is taken up again after `FANOUT_LEASE_MS`). */
  claimedAt: string | null;
  sentAt: string | null;
  cancelledAt: string | null;
  report: MessageReport;
}

/** A fan-out that has not finished after this long died with its function: the next run redoes it (nothing is sent twice). */
export const FANOUT_LEASE_MS = 15 * 60_000;

/** The personal fields a text may use, filled per recipient by `renderText`. */
export const PERSONAL_FIELDS = ['givenName', 'familyName', 'login', 'institutionCode'] as const;
export type PersonalFields = Record<(typeof PERSONAL_FIELDS)[number], string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const TEXT_LIMITS = { subject: 200, body: 20_000, sms: 1_000, smsSegments: 5 } as const;

/** The placeholders of a text that are not personal fields (each one a 400). */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !(PERSONAL_FIELDS as readonly string[]).includes(name));
}

/** A text with the recipient's personal fields filled in. */
export function renderText(text: string, fields: PersonalFields): string {
  return text.replace(PLACEHOLDER, (_, name: string) => fields[name as keyof PersonalFields] ?? '');
}

/** The text for a locale, or the default locale's. */
export function textFor(texts: LocalizedText, locale: Locale, defaultLocale: Locale): string {
  return texts[locale] ?? texts[defaultLocale] ?? '';
}

/**
 * The SMS size of a text before anyone's fields are filled in: each personal field counted as 20
 * GSM-7 characters (a longer name, or one in another alphabet, can add a part or switch the whole
 * text to UCS-2: the preview counts a real member's exactly). Encoding and parts per 3GPP TS 23.038
 * (GSM 7-bit default alphabet and extension table, else UCS-2; 160/153 or 70/67 per part): see
 * `smsSegments` (shared/i18n/sms-segments.ts).
 */
export function estimatedSegments(text: string): { encoding: SmsEncoding; segments: number } {
  const { encoding, segments } = smsSegments(text.replace(PLACEHOLDER, 'x'.repeat(20)));
  return { encoding, segments };
}

/** Where a member's email goes: the new mailbox once they use it, else the old or alternate address. */
export function memberEmail(m: { state: MemberState; address: string; oldAddress: string | null; alternateEmail: string | null }) {
  return m.state === 'activated' ? m.address : (m.oldAddress ?? m.alternateEmail);
}

/** The business key of one recipient's email: the email consumer sends each key once. */
export const messageEmailKey = (messageId: string, recipientKey: string) => `message#${messageId}#${recipientKey}`;

const TAGGED_KEY = /^message[#_]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[#_](.+)$/;

/** The message and recipient of a business key, as queued (`#`) or as SES echoes the tag (`_`); null for any other key. */
export function messageOfKey(key: string): { messageId: string; recipientKey: string } | null {
  const m = TAGGED_KEY.exec(key);
  return m ? { messageId: m[1] as string, recipientKey: m[2] as string } : null;
}
