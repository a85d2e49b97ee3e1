import { nextDeadline } from '../deadlines/next-deadline';
import { maskPhone } from '../logger';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import { noticeAddress } from '../members/notice-address';
import type { Locale, Profile } from '../profiles';

/**
 * An institution's own mailbox (a school office's, a directorate's): under the Turkish circular its
 * password follows the staff's rules — the profile's maximum age, warnings, closure at expiry,
 * resets only on a signed form — and the generated password goes by SMS to the staff member
 * responsible for it.
 *
 * It is stored as an account in the members' key space (`MEMBER#mb-…`, `kind:
 * 'institution-mailbox'`), so the deadline index and sweep, the sign-in triggers and the delegated
 * reset flow act on it unchanged; it is listed under its institution apart from the staff
 * (gsi1 `INSTMAILBOX#<address>`, never `MEMBER#…`, so no staff list, export, lot or activation
 * notice takes it), is never on the staff register (no `staff` role) and is counted in its own
 * progress counter (`progressScopeOf`).
 */
export type InstitutionMailbox = Member & { kind: 'institution-mailbox'; responsibleMemberId: string; registeredBy: string };

export const isInstitutionMailbox = (account: Pick<Member, 'kind'>): account is InstitutionMailbox =>
  account.kind === 'institution-mailbox';

export interface NewMailbox {
  mailboxId: string;
  address: string;
  institutionCode: string;
  name: string;
  responsibleMemberId: string;
  registeredBy: string;
  locale: Locale;
  at: string;
}

/**
 * The account item of a newly registered mailbox, `pending` until its Cognito account exists.
 * The person fields a member has are empty on purpose: no national ID, no phone (so no path can
 * text the mailbox itself), no HR row; the name is kept where a member's given name is.
 */
export function newMailbox(m: NewMailbox): InstitutionMailbox {
  return {
    memberId: m.mailboxId,
    kind: 'institution-mailbox',
    responsibleMemberId: m.responsibleMemberId,
    registeredBy: m.registeredBy,
    address: m.address,
    institutionCode: m.institutionCode,
    givenName: m.name,
    familyName: '',
    nidHmac: '',
    nidLast3: '',
    phone: '',
    // An institution's mailbox is run by its administration: the staff category nearest to it.
    category: 'administrative-technical',
    oldAddress: null,
    alternateEmail: null,
    locale: m.locale,
    state: 'pending',
    rowHash: '',
    importJobId: '',
    enrolledBy: `institution-mailbox:${m.registeredBy}`,
    createdAt: m.at,
    updatedAt: m.at,
  };
}

/** May this member be responsible for a mailbox of `institutionCode`? A staff member of that very institution, with a phone on record. */
export const canBeResponsible = (person: Member | null, institutionCode: string): person is Member =>
  person !== null && !isInstitutionMailbox(person) && person.institutionCode === institutionCode && person.phone !== '';

/**
 * Who receives an account's credentials and notices, as the account to hand to the credential
 * path, the sweep's notices and the reset email. A staff member: themselves. An institution
 * mailbox: its own account facts with the responsible person's phone, language, name and email
 * (their personal address, else their own mailbox) and the hold on a phone HR changed recently
 * (shared/credentials/channel-change.ts) — read now, so a changed phone counts at once. A responsible person who is no longer a staff member of the mailbox's institution
 * receives nothing: the phone stays empty (`holderMissing`).
 */
export async function withHolder(account: Member, members: Pick<MemberStore, 'get'>): Promise<Member> {
  if (!isInstitutionMailbox(account)) return account;
  const person = await members.get(account.responsibleMemberId);
  if (!canBeResponsible(person, account.institutionCode)) return { ...account, phone: '', alternateEmail: null, oldAddress: null };
  return {
    ...account,
    givenName: person.givenName,
    familyName: person.familyName,
    phone: person.phone,
    locale: person.locale,
    alternateEmail: noticeAddress(person) ?? person.address,
    oldAddress: null,
    // The person's channels are the ones used: a phone HR changed recently is held for the mailbox too.
    phoneChangedAt: person.phoneChangedAt,
    alternateEmailChangedAt: person.alternateEmailChangedAt,
    channelChangeConfirmedAt: person.channelChangeConfirmedAt,
  };
}

/** An institution mailbox whose responsible person can no longer receive anything (see `withHolder`). */
export const holderMissing = (account: Member) => isInstitutionMailbox(account) && account.phone === '';

/** What audit records add for an institution mailbox, so the trail tells it from a member's. */
export const accountDetails = (account: Pick<Member, 'kind'>): Record<string, string> =>
  isInstitutionMailbox(account) ? { account: 'institution-mailbox' } : {};

/** The mailbox as officers, approvers and operators see it: the responsible person's phone masked. */
export function mailboxView(
  m: InstitutionMailbox,
  responsible: Member | null,
  profile: Pick<Profile, 'temporaryPasswordDeadlineDays' | 'maxPasswordAgeDays' | 'expiryWarningDays'>,
) {
  const current = canBeResponsible(responsible, m.institutionCode);
  return {
    mailboxId: m.memberId,
    address: m.address,
    institutionCode: m.institutionCode,
    name: m.givenName,
    state: m.state,
    responsible: {
      memberId: m.responsibleMemberId,
      // false: the person left the institution (or its register): nobody receives passwords until it is changed.
      current,
      ...(current && { givenName: responsible.givenName, familyName: responsible.familyName, phone: maskPhone(responsible.phone) }),
    },
    registeredAt: m.createdAt,
    registeredBy: m.registeredBy,
    passwordChangedAt: m.passwordChangedAt ?? null,
    nextDeadline: nextDeadline(m, profile),
  };
}
