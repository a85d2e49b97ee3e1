import type { EmailMessage } from '../email/email-message';
import { ConflictError } from '../errors';
import { smsText } from '../i18n/sms-texts';
import { logger } from '../logger';
import type { ImportedFields, Member } from '../members/member';
import { noticeAddress } from '../members/notice-address';
import type { Profile } from '../profiles';
import { SmsRejectedError, type SmsSender } from '../sms/send-sms';

/**
 * Where credentials go is guarded. Credentials and codes travel by SMS to the phone on record
 * (and the notice, with its helpdesk support code, by email); a re-import is the way that phone
 * or alternate email changes. So a change is (1) announced to the OLD phone and the OLD address
 * of a member Posta has reached, and (2) held: for the profile's `channelChangeHoldHours` nothing
 * secret is sent to a changed channel — no temporary password (lot launch, activation, delegated
 * and support resets: the one credential path), no activation code — unless an operator confirms
 * the change (`POST /v1/members/{memberId}/channel-change/confirm`, audited). The real person has
 * that long to react to the announcement before a new phone could receive anything.
 */
export type Channel = 'phone' | 'alternateEmail';

const CHANGED_AT = { phone: 'phoneChangedAt', alternateEmail: 'alternateEmailChangedAt' } as const satisfies Record<Channel, keyof Member>;

export type HoldFacts = Pick<Member, 'phoneChangedAt' | 'alternateEmailChangedAt' | 'channelChangeConfirmedAt'>;

export interface ChannelHold {
  channels: Channel[];
  /** When the last of the held channels is free again (the hold's end is exclusive). */
  clearsAt: string;
}

/**
 * The channels (of `channels`) changed less than `hours` ago and not confirmed by an operator
 * since; null when none is.
 */
export function channelHold(member: HoldFacts, now: Date, hours: number, channels: readonly Channel[] = ['phone']): ChannelHold | null {
  const confirmed = member.channelChangeConfirmedAt ? Date.parse(member.channelChangeConfirmedAt) : Number.NEGATIVE_INFINITY;
  const held: Channel[] = [];
  let clears = 0;
  for (const channel of channels) {
    const at = member[CHANGED_AT[channel]];
    if (!at || confirmed >= Date.parse(at)) continue;
    const ends = Date.parse(at) + hours * 3_600_000;
    if (now.getTime() >= ends) continue;
    held.push(channel);
    clears = Math.max(clears, ends);
  }
  return held.length > 0 ? { channels: held, clearsAt: new Date(clears).toISOString() } : null;
}

const CHANNEL_NAMES: Record<Channel, string> = { phone: 'mobile phone', alternateEmail: 'alternate email' };

/** 409 `channel_recently_changed`, with `clearsAt` (and the channels) as problem members the caller can act on. */
export class ChannelRecentlyChangedError extends ConflictError {
  constructor(readonly hold: ChannelHold) {
    super(
      `The member's ${hold.channels.map((c) => CHANNEL_NAMES[c]).join(' and ')} changed recently: nothing secret is sent to it before ${hold.clearsAt} unless an operator confirms the change`,
      'channel_recently_changed',
    );
    this.extensions = { clearsAt: hold.clearsAt, channels: hold.channels.join(',') };
  }
}

/** Throws `ChannelRecentlyChangedError` while the member's phone is held (the channel every credential and code goes to). */
export function assertPhoneSettled(member: HoldFacts, now: Date, profile: Pick<Profile, 'channelChangeHoldHours'>): void {
  const hold = channelHold(member, now, profile.channelChangeHoldHours);
  if (hold) throw new ChannelRecentlyChangedError(hold);
}

/** What a re-import changes of where credentials go, and the stamps that record when (on the same write). */
export function channelChanges(
  before: Pick<Member, 'phone' | 'alternateEmail'>,
  after: Pick<ImportedFields, 'phone' | 'alternateEmail'>,
  at: string,
): { changed: Channel[]; stamps: Partial<Pick<Member, 'phoneChangedAt' | 'alternateEmailChangedAt'>> } {
  const changed = (['phone', 'alternateEmail'] as const).filter((c) => (before[c] ?? null) !== (after[c] ?? null));
  return { changed, stamps: Object.fromEntries(changed.map((c) => [CHANGED_AT[c], at])) };
}

/** Posta has reached the member (an account, or an invitation to activate): a change is news to them. */
export const reachedByPosta = (member: Pick<Member, 'state' | 'accountCreatedAt'>) =>
  member.accountCreatedAt !== undefined || member.state !== 'pending';

export interface AnnounceDeps {
  sms: SmsSender;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Profile;
}

const formatInstant = (at: Date, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);

/** The `contact-changed` template's facts: what changed, never the new number or address. */
export function contactChangedData(member: Member, changed: readonly Channel[], at: Date, profile: Profile) {
  return {
    givenName: member.givenName,
    login: member.address,
    changedAt: formatInstant(at, member.locale, profile.timeZone),
    phoneChanged: changed.includes('phone'),
    emailChanged: changed.includes('alternateEmail'),
    held: profile.channelChangeHoldHours > 0,
    holdHours: profile.channelChangeHoldHours,
    helpdeskEmail: profile.helpdesk.email,
    helpdeskPhone: profile.helpdesk.phone,
    helpdeskHours: profile.helpdesk.hours,
  };
}

/**
 * Tells a member Posta has reached, on the phone and at the notice address they had BEFORE the
 * change (`before`), that the phone or alternate email on record changed: an SMS and an email
 * (business key `contact-changed#<member>#<key>`, sent once), in the member's language. Callers
 * announce before they write the change, so a crash in between announces twice, never not at
 * all. An old number SNS refuses is logged: the email still goes, and the change still lands.
 */
export async function announceChannelChange(
  before: Member,
  changed: readonly Channel[],
  at: Date,
  key: string,
  deps: AnnounceDeps,
): Promise<'announced' | 'not-reached'> {
  if (changed.length === 0 || !reachedByPosta(before)) return 'not-reached';
  try {
    await deps.sms.send(
      before.phone,
      smsText('contact-changed', before.locale, { helpdeskPhone: deps.profile.helpdesk.phone }),
      before.institutionCode,
    );
  } catch (error) {
    if (!(error instanceof SmsRejectedError)) throw error;
    logger.warn('the old phone refused the contact-change notice', { memberId: before.memberId, reason: error.reason });
  }
  const to = noticeAddress(before);
  if (to) {
    await deps.enqueueEmail({
      key: `contact-changed#${before.memberId}#${key}`,
      template: 'contact-changed',
      locale: before.locale,
      to,
      memberId: before.memberId,
      institutionCode: before.institutionCode,
      data: contactChangedData(before, changed, at, deps.profile),
    });
  }
  return 'announced';
}
