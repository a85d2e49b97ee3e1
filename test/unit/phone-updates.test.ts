import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import {
  nameKey,
  type PhoneFinding,
  type PhoneUpdateEntry,
  refusedRowFinding,
  validRowFinding,
} from '../../shared/phone-updates/phone-update';
import type { ListMarker, PhoneUpdateStore } from '../../shared/phone-updates/phone-update-store';
import {
  listPhoneUpdates,
  phoneUpdatesCsv,
  recordPhoneFindings,
  sendPhoneUpdateDigests,
} from '../../shared/phone-updates/phone-update-use-cases';
import { loadProfile } from '../../shared/profiles';
import type { RoleAssignment } from '../../shared/roles/role-store';
import { type ValidStaffRow, validateStaffRow } from '../../shared/staff';
import { actorOf, held } from '../helpers/actors';
import { italianRow } from '../helpers/staff-fixtures';

const hash = nationalIdHasher('k'.repeat(32));
const itMiur = loadProfile('it-miur');
const clock = fixedClock('2027-02-01T07:00:00Z');

/** The list in memory, with the DynamoDB store's keys and marker tokens. */
function memoryStore() {
  const entries = new Map<string, PhoneUpdateEntry>();
  const markers = new Map<string, string>();
  let tokens = 0;
  const store: PhoneUpdateStore = {
    async put(list, now) {
      for (const e of list) {
        const key = `${e.institutionCode}#${e.personKey}`;
        entries.set(key, { ...e, listedAt: entries.get(key)?.listedAt ?? now });
      }
      for (const e of list) markers.set(e.institutionCode, `t${++tokens}`);
    },
    entriesOf: async (codes) => [...entries.values()].filter((e) => codes.includes(e.institutionCode)),
    async remove(list) {
      for (const e of list) entries.delete(`${e.institutionCode}#${e.personKey}`);
    },
    list: async (code, limit) => ({
      items: [...entries.values()].filter((e) => e.institutionCode === code).slice(0, limit),
      nextCursor: null,
    }),
    count: async (code) => [...entries.values()].filter((e) => e.institutionCode === code).length,
    markedLists: async () => [...markers].map(([institutionCode, mark]) => ({ institutionCode, mark })),
    async unmark(m: ListMarker) {
      if (markers.get(m.institutionCode) === m.mark) markers.delete(m.institutionCode);
    },
  };
  return { store, entries, markers };
}

/** What `checkStaffRow` says of a row, as `prepareImport` hands it on. */
function refused(row: object, n = 1) {
  const result = validateStaffRow({ ...row }, n, itMiur);
  if (result.ok) throw new Error('the row passed');
  const institutionCode = result.keys.institutionCode ?? 'none';
  return refusedRowFinding(n, result.problems, { ...result.keys, institutionCode }, hash, 'it');
}

/** A row that passes every check. */
function accepted(row: object, n = 1): ValidStaffRow {
  const result = validateStaffRow({ ...row }, n, itMiur);
  if (!result.ok) throw new Error('the row was refused');
  return result.member;
}

/** A listed finding as the store holds it. */
function stored(f: PhoneFinding | null): Omit<PhoneUpdateEntry, 'listedAt'> {
  if (f?.kind !== 'listed') throw new Error('not listed');
  return { ...f.entry, memberId: null, source: { importJobId: 'j', row: f.row }, updatedAt: 'u' };
}

const member = (i: number, institutionCode = 'SCH001', over: Partial<Member> = {}): Member => {
  const r = italianRow(i, institutionCode);
  return {
    memberId: hash(r.nationalId).memberId,
    nidHmac: 'h',
    nidLast3: r.nationalId.slice(-3),
    givenName: r.givenName,
    familyName: r.familyName,
    phone: r.phone,
    institutionCode,
    category: 'teacher',
    oldAddress: r.oldAddress,
    alternateEmail: null,
    locale: 'it',
    address: r.oldAddress.replace('@istruzione.it', '@posta.istruzione.it'),
    state: 'notified',
    rowHash: 'x',
    createdAt: '2027-01-01T00:00:00Z',
    updatedAt: '2027-01-01T00:00:00Z',
    importJobId: 'j0',
    ...over,
  };
};

describe('what an import row says about a phone', () => {
  it('a missing, invalid or landline phone lists the person with the reason, whatever else is wrong', () => {
    const base = italianRow(1, 'SCH001');
    expect(refused({ ...base, phone: '' })).toMatchObject({ kind: 'listed', entry: { reason: 'phone_missing' } });
    expect(refused({ ...base, phone: '+39 12' })).toMatchObject({ kind: 'listed', entry: { reason: 'phone_invalid' } });
    const landline = refused({ ...base, phone: '+39 06 1234 5678', category: 'nope' });
    expect(landline).toMatchObject({
      kind: 'listed',
      memberId: hash(base.nationalId).memberId,
      entry: {
        reason: 'phone_not_mobile',
        personKey: hash(base.nationalId).memberId,
        nationalIdLast3: base.nationalId.slice(-3),
        contactEmail: base.oldAddress,
      },
    });
  });

  it('without a valid national ID the person is keyed by institution and names; with neither, nobody is listed', () => {
    const base = italianRow(2, 'SCH001');
    const byName = refused({ ...base, phone: '', nationalId: 'XXXXXXXXXXXXXXXX' });
    expect(byName).toMatchObject({
      kind: 'listed',
      memberId: null,
      entry: { personKey: nameKey('SCH001', base.givenName, base.familyName) },
    });
    expect(nameKey('SCH001', 'Niccolò', 'D’Angelo')).toBe(nameKey('SCH001', 'niccolo', 'dangelo'));
    expect(refused({ ...base, phone: '', nationalId: 'XXXXXXXXXXXXXXXX', givenName: '', familyName: '' })).toBeNull();
  });

  it('a refused row with a usable mobile, and every accepted row, take the person off under each key', () => {
    const base = italianRow(3, 'SCH001');
    expect(refused({ ...base, category: 'nope' })).toMatchObject({
      kind: 'valid',
      phone: base.phone,
      personKeys: [hash(base.nationalId).memberId, nameKey('SCH001', base.givenName, base.familyName)],
    });
    expect(validRowFinding(accepted(base, 4), hash(base.nationalId))).toMatchObject({
      kind: 'valid',
      row: 4,
      memberId: hash(base.nationalId).memberId,
    });
  });

  it('an accepted row whose mobile the profile’s codes cannot reach lists the member (phone_country_not_allowed, masked)', () => {
    const base = italianRow(5, 'SCH001');
    const foreign = { ...base, phone: '+77012345678' }; // a Kazakh mobile (+7 7xx), accepted by the import
    const row = accepted(foreign, 6);
    const finding = validRowFinding(row, hash(base.nationalId), (e164) => e164.startsWith('+39'));
    expect(finding).toMatchObject({
      kind: 'listed',
      row: 6,
      memberId: hash(base.nationalId).memberId,
      entry: {
        reason: 'phone_country_not_allowed',
        phoneMasked: '+77******678',
        personKey: hash(base.nationalId).memberId,
      },
    });
    expect(JSON.stringify(finding)).not.toContain('2345');
    expect(validRowFinding(accepted(base, 7), hash(base.nationalId), (e164) => e164.startsWith('+39')).kind).toBe('valid');
  });
});

describe('recordPhoneFindings', () => {
  const deps = (store: PhoneUpdateStore, members: Member[] = []) => ({
    phoneUpdates: store,
    members: { getMany: async (ids: string[]) => new Map(members.filter((m) => ids.includes(m.memberId)).map((m) => [m.memberId, m])) },
    clock,
  });

  it('links a listed person to the member only when they are a member of that institution', async () => {
    const { store, entries } = memoryStore();
    const own = member(10);
    const elsewhere = member(11, 'FAR001');
    const rows = [refused({ ...italianRow(10, 'SCH001'), phone: '' }, 2), refused({ ...italianRow(11, 'SCH001'), phone: '' }, 3)].flatMap(
      (f) => f ?? [],
    );
    expect(await recordPhoneFindings(rows, 'job-1', new Map(), deps(store, [own, elsewhere]))).toEqual({ listed: 2, removed: 0 });
    expect(entries.get(`SCH001#${own.memberId}`)).toMatchObject({ memberId: own.memberId, source: { importJobId: 'job-1', row: 2 } });
    // Another institution's member is not named to this school.
    expect(entries.get(`SCH001#${elsewhere.memberId}`)).toMatchObject({ memberId: null });
  });

  it('a usable mobile takes the person off; an SMS-refused number stays until another number comes; listedAt is kept', async () => {
    const { store, entries } = memoryStore();
    const m = member(20);
    await store.put(
      [
        {
          personKey: m.memberId,
          institutionCode: 'SCH001',
          memberId: m.memberId,
          givenName: m.givenName,
          familyName: m.familyName,
          nationalIdLast3: m.nidLast3,
          reason: 'sms_rejected',
          phoneMasked: '+39*****020',
          contactEmail: m.oldAddress,
          locale: 'it',
          source: { sms: true },
          updatedAt: '2027-01-20T00:00:00Z',
        },
      ],
      '2027-01-20T00:00:00Z',
    );
    const same = validRowFinding(accepted(italianRow(20, 'SCH001')), m);
    expect(await recordPhoneFindings([same], 'job-2', new Map([[m.memberId, m]]), deps(store))).toEqual({ listed: 0, removed: 0 });
    expect(entries.get(`SCH001#${m.memberId}`)?.listedAt).toBe('2027-01-20T00:00:00Z');

    const other = { ...same, phone: '+393470000999' } as typeof same;
    expect(await recordPhoneFindings([other], 'job-3', new Map([[m.memberId, m]]), deps(store))).toEqual({ listed: 0, removed: 1 });
    expect(entries.size).toBe(0);
  });

  it('a person listed by one row and given a good mobile by another of the same chunk is not listed', async () => {
    const { store, entries } = memoryStore();
    const base = italianRow(30, 'SCH001');
    const bad = refused({ ...base, phone: '' }, 1);
    await store.put([stored(bad)], 'x');
    const good = refused({ ...base, category: 'nope' }, 2);
    await recordPhoneFindings(
      [bad, good].flatMap((f) => f ?? []),
      'job-4',
      new Map(),
      deps(store),
    );
    expect(entries.size).toBe(0);
  });
});

describe('reading the list', () => {
  it('school admins read their own institution, operators any; the CSV shows neither the contact address nor the ID', async () => {
    const { store } = memoryStore();
    const f = refused({ ...italianRow(40, 'SCH001'), phone: '+39 06 1234 5678' });
    await store.put([stored(f)], 'now');
    const own = actorOf('listPhoneUpdates', [held('school-admin', 'SCH001')]);
    const other = actorOf('listPhoneUpdates', [held('school-admin', 'FAR001')]);
    const page = await listPhoneUpdates('SCH001', { limit: 10 }, own, store);
    expect(page.items[0]).toMatchObject({ reason: 'phone_not_mobile', reachableByEmail: true, source: 'import', row: 1 });
    expect(page.items[0]).not.toHaveProperty('contactEmail');
    await expect(listPhoneUpdates('SCH001', { limit: 10 }, other, store)).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    await expect(listPhoneUpdates('SCH001', { limit: 10 }, actorOf('listPhoneUpdates', [held('operator')]), store)).resolves.toBeDefined();

    const csv = phoneUpdatesCsv((await store.list('SCH001', 10)).items);
    expect(csv.startsWith('\uFEFFpersonKey,')).toBe(true);
    expect(csv).not.toContain(italianRow(40).oldAddress);
    expect(csv).not.toContain(italianRow(40).nationalId);
  });
});

describe('the weekly digest', () => {
  it('emails each school admin of a non-empty list once a week (business key), in their own language; drops an empty list’s marker', async () => {
    const { store, markers } = memoryStore();
    const f = refused({ ...italianRow(50, 'SCH001'), phone: '' });
    await store.put([stored(f)], 'n');
    markers.set('EMPTY01', 'old');
    const admins: Partial<RoleAssignment>[] = [
      { sub: 'a1', login: 'preside@posta.istruzione.it', role: 'school-admin', institutionCode: 'SCH001' },
      { sub: 'a2', login: 'vice@posta.istruzione.it', role: 'school-admin', institutionCode: 'SCH001' },
    ];
    const emails: EmailMessage[] = [];
    const result = await sendPhoneUpdateDigests({
      phoneUpdates: store,
      roles: {
        list: async (_role, code) => ({ items: admins.filter((a) => a.institutionCode === code) as RoleAssignment[], nextCursor: null }),
      },
      // The vice principal is a member who chose English; the principal has no member record (the profile's language).
      members: { getByAddress: async (a) => (a === 'vice@posta.istruzione.it' ? ({ locale: 'en' } as Member) : null) },
      enqueueEmail: async (m) => void emails.push(m),
      profile: itMiur,
      clock,
    });
    expect(result).toEqual({ week: '2027-W05', institutions: 1, emails: 2 });
    expect(emails.map((e) => e.key)).toEqual(['phone-update-digest#SCH001#2027-W05#a1', 'phone-update-digest#SCH001#2027-W05#a2']);
    expect(emails[0]).toMatchObject({
      template: 'phone-update-digest',
      locale: 'it',
      to: 'preside@posta.istruzione.it',
      data: { count: 1 },
    });
    expect(emails[1]).toMatchObject({ to: 'vice@posta.istruzione.it', locale: 'en' });
    expect(markers.has('EMPTY01')).toBe(false);
    expect(markers.has('SCH001')).toBe(true);
  });
});
