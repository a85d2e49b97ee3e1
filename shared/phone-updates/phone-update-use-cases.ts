import { type Actor, assertInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import type { EmailMessage } from '../email/email-message';
import { csvLine } from '../exports/csv-cell';
import { maskPhone } from '../logger';
import type { Member } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import type { Locale } from '../profiles/profile-ids';
import { isoWeekOf } from '../reports/password-expiry-stats';
import type { RoleStore } from '../roles/role-store';
import type { PhoneFinding, PhoneUpdateEntry } from './phone-update';
import type { PhoneUpdateStore } from './phone-update-store';

export interface PhoneFindingDeps {
  phoneUpdates: PhoneUpdateStore;
  members: Pick<MemberStore, 'getMany'>;
  clock: Clock;
}

/**
 * Brings the phone-update lists up to date from one import chunk's rows, before the rows are
 * written (an `sms_rejected` entry goes only for a mobile other than the one on record, which the
 * rows are about to replace). Listed: every row whose phone is missing, not a number or not a
 * mobile, accepted or refused — linked to the member when the person is one of that institution
 * (never to another institution's member: that would tell a school about someone else's staff).
 * Taken off: every person a row gives a usable mobile. Idempotent: a re-run chunk writes the same.
 */
export async function recordPhoneFindings(
  findings: readonly PhoneFinding[],
  importJobId: string,
  known: ReadonlyMap<string, Member>,
  deps: PhoneFindingDeps,
): Promise<{ listed: number; removed: number }> {
  const ids = [...new Set(findings.flatMap((f) => (f.memberId && !known.has(f.memberId) ? [f.memberId] : [])))];
  const fetched = ids.length ? await deps.members.getMany(ids) : new Map<string, Member>();
  const memberOf = (id: string | null) => (id ? (known.get(id) ?? fetched.get(id)) : undefined);
  const now = deps.clock.now().toISOString();

  const listed = findings.flatMap((f) => {
    if (f.kind !== 'listed') return [];
    const member = memberOf(f.memberId);
    const own = member && member.institutionCode === f.entry.institutionCode ? member : undefined;
    // An accepted row's member is written after this (same chunk): linked by the row itself.
    const memberId = own?.memberId ?? (f.enrolled ? f.memberId : null);
    return [{ ...f.entry, memberId, source: { importJobId, row: f.row }, updatedAt: now }];
  });

  const valid = findings.filter((f) => f.kind === 'valid');
  const onList = valid.length ? await deps.phoneUpdates.entriesOf(valid.map((f) => f.institutionCode)) : [];
  const byKey = new Map(onList.map((e) => [`${e.institutionCode}#${e.personKey}`, e]));
  const going: PhoneUpdateEntry[] = [];
  for (const f of valid) {
    for (const key of f.personKeys) {
      const entry = byKey.get(`${f.institutionCode}#${key}`);
      if (!entry) continue;
      // SNS refused the number on record: the same number again changes nothing.
      if (entry.reason === 'sms_rejected' && memberOf(entry.memberId)?.phone === f.phone) continue;
      going.push(entry);
      byKey.delete(`${f.institutionCode}#${key}`);
    }
  }
  // A person listed and given a good mobile by two rows of one chunk: the good one wins.
  const goingKeys = new Set(going.map((e) => `${e.institutionCode}#${e.personKey}`));
  const staying = listed.filter((e) => !goingKeys.has(`${e.institutionCode}#${e.personKey}`));
  if (staying.length) await deps.phoneUpdates.put(staying, now);
  if (going.length) await deps.phoneUpdates.remove(going);
  return { listed: staying.length, removed: going.length };
}

/** A member whose number SNS refused: on their institution's list as `sms_rejected` (idempotent). */
export async function listRefusedNumber(
  member: Pick<
    Member,
    'memberId' | 'institutionCode' | 'givenName' | 'familyName' | 'nidLast3' | 'phone' | 'oldAddress' | 'alternateEmail' | 'locale'
  >,
  deps: Pick<PhoneFindingDeps, 'phoneUpdates' | 'clock'>,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.phoneUpdates.put(
    [
      {
        personKey: member.memberId,
        institutionCode: member.institutionCode,
        memberId: member.memberId,
        givenName: member.givenName,
        familyName: member.familyName,
        nationalIdLast3: member.nidLast3,
        reason: 'sms_rejected',
        phoneMasked: maskPhone(member.phone),
        contactEmail: member.oldAddress ?? member.alternateEmail,
        locale: member.locale,
        source: { sms: true },
        updatedAt: now,
      },
    ],
    now,
  );
}

/** An entry as the API shows it: never the contact address itself, only whether a message can reach the person. */
export function entryView(e: PhoneUpdateEntry) {
  const { contactEmail, source, ...rest } = e;
  return {
    ...rest,
    reachableByEmail: contactEmail !== null,
    source: 'sms' in source ? ('sms' as const) : ('import' as const),
    importJobId: 'importJobId' in source ? source.importJobId : null,
    row: 'row' in source ? source.row : null,
  };
}

/** A page of an institution's list: school admins of that institution, operators. */
export async function listPhoneUpdates(
  institutionCode: string,
  query: { limit: number; cursor?: string | undefined },
  actor: Actor,
  store: PhoneUpdateStore,
) {
  assertInstitution(actor, institutionCode);
  const page = await store.list(institutionCode, query.limit, query.cursor);
  return { items: page.items.map(entryView), nextCursor: page.nextCursor };
}

const CSV_HEADER = [
  'personKey',
  'memberId',
  'givenName',
  'familyName',
  'nationalIdLast3',
  'reason',
  'phone',
  'reachableByEmail',
  'source',
  'importJobId',
  'row',
  'listedAt',
];

/** The list as CSV (UTF-8 with BOM, formula-safe cells, shared/exports), for the director's follow-up. */
export function phoneUpdatesCsv(entries: readonly PhoneUpdateEntry[]): string {
  return `\uFEFF${csvLine(CSV_HEADER)}${entries
    .map(entryView)
    .map((e) =>
      csvLine([
        e.personKey,
        e.memberId,
        e.givenName,
        e.familyName,
        e.nationalIdLast3,
        e.reason,
        e.phoneMasked,
        e.reachableByEmail ? 'yes' : 'no',
        e.source,
        e.importJobId,
        e.row,
        e.listedAt,
      ]),
    )
    .join('')}`;
}

export interface DigestDeps {
  phoneUpdates: PhoneUpdateStore;
  roles: Pick<RoleStore, 'list'>;
  /** The admin's own member record, for their language (an admin who is not a member gets the profile's). */
  members: Pick<MemberStore, 'getByAddress'>;
  enqueueEmail(message: EmailMessage): Promise<void>;
  profile: Pick<Profile, 'defaultLocale' | 'helpdesk'>;
  clock: Clock;
}

/**
 * The weekly digest: each school admin of an institution whose list is not empty gets one email
 * with how many people are on it (never who: the list itself is behind the API), in the admin's
 * own language (their member record's; the profile's for an admin who is not a member). Reads only
 * the markers of lists (never a scan); an empty list's marker is dropped. One email per admin, list
 * and ISO week (business key), so a repeated run sends nothing twice.
 */
export async function sendPhoneUpdateDigests(deps: DigestDeps) {
  const now = deps.clock.now();
  // The ISO week is the digest's business key: a re-run within the week sends nothing new.
  const week = isoWeekOf(now);
  let institutions = 0;
  let emails = 0;
  const languages = new Map<string, Locale>();
  const languageOf = async (login: string) => {
    const known = languages.get(login);
    if (known) return known;
    const locale = (await deps.members.getByAddress(login.toLowerCase()))?.locale ?? deps.profile.defaultLocale;
    languages.set(login, locale);
    return locale;
  };
  for (const marker of await deps.phoneUpdates.markedLists()) {
    const count = await deps.phoneUpdates.count(marker.institutionCode);
    if (count === 0) {
      await deps.phoneUpdates.unmark(marker);
      continue;
    }
    institutions++;
    let cursor: string | undefined;
    do {
      const page = await deps.roles.list('school-admin', marker.institutionCode, 100, cursor);
      for (const admin of page.items) {
        if (!admin.login.includes('@') || admin.institutionCode !== marker.institutionCode) continue;
        await deps.enqueueEmail({
          key: `phone-update-digest#${marker.institutionCode}#${week}#${admin.sub}`,
          template: 'phone-update-digest',
          locale: await languageOf(admin.login),
          to: admin.login,
          institutionCode: marker.institutionCode,
          data: {
            institution: marker.institutionCode,
            count,
            listPath: `/v1/institutions/${marker.institutionCode}/phone-updates.csv`,
            helpdeskEmail: deps.profile.helpdesk.email,
          },
        });
        emails++;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { week, institutions, emails };
}
