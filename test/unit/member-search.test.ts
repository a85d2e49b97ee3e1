import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor, Grant } from '../../shared/auth/scope';
import { parseCursor } from '../../shared/clients/dynamo-helpers';
import { fixedClock } from '../../shared/clock';
import { classify, type MemberSearchDeps, searchMembers } from '../../shared/lookups/member-search';
import { dynamoMemberSearchStore, type SearchFilter, type SearchRow } from '../../shared/lookups/member-search-store';
import { foldName, searchKeys } from '../../shared/lookups/search-keys';
import { findUserByLogin } from '../../shared/lookups/user-lookup';
import type { Member } from '../../shared/members/member';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { dynamoSharedMailboxStore } from '../../shared/support/shared-mailbox';
import { actorOf, held } from '../helpers/actors';
import { codiceFiscale } from '../helpers/staff-fixtures';

const hash = nationalIdHasher('k'.repeat(40));

function member(i: number, over: Partial<Member> = {}): Member {
  const nid = codiceFiscale(i);
  return {
    memberId: hash(nid).memberId,
    nidHmac: hash(nid).hmac,
    nidLast3: nid.slice(-3),
    givenName: 'Mario',
    familyName: 'Rossi',
    phone: `+3934712340${String(i).padStart(2, '0')}`,
    institutionCode: 'SCH00001',
    category: 'teacher',
    oldAddress: null,
    alternateEmail: null,
    locale: 'it',
    address: `mario.rossi${i}@posta.istruzione.it`,
    state: 'pending',
    rowHash: 'h',
    createdAt: '',
    updatedAt: '',
    importJobId: 'j',
    ...over,
  };
}

/** The store as the index answers: one institution's entries in folded-name order, filters applied. */
function world(members: Member[]) {
  const audits: AuditEntry[] = [];
  const asked: Array<{ institutionCode: string; filter: SearchFilter }> = [];
  const deps: MemberSearchDeps = {
    search: {
      async page(institutionCode, filter, limit, cursor) {
        asked.push({ institutionCode, filter });
        const rows = members
          .filter((m) => m.institutionCode === institutionCode)
          .sort((a, b) => searchKeys(a).searchSk.localeCompare(searchKeys(b).searchSk))
          .filter((m) => !filter.namePrefix || searchKeys(m).searchSk.startsWith(filter.namePrefix))
          .filter((m) => !filter.state || m.state === filter.state)
          .filter((m) => !filter.phoneEnding || m.phone.endsWith(filter.phoneEnding))
          .filter((m) => !filter.loginPrefix || m.address.startsWith(filter.loginPrefix));
        const from = cursor ? Number(cursor) : 0;
        const items = rows.slice(from, from + limit) as SearchRow[];
        return { items, nextCursor: from + limit < rows.length ? String(from + limit) : null };
      },
    },
    members: {
      get: async (id) => members.find((m) => m.memberId === id) ?? null,
      getByAddress: async (a) => members.find((m) => m.address === a) ?? null,
    },
    hashNationalId: hash,
    profile: { nationalIdKind: 'codice-fiscale', phoneRegion: 'IT' },
    regions: { regionOf: async (code) => ({ SCH00001: 'NORTH', SCH00002: 'SOUTH' })[code] ?? null },
    audit: { record: async (e) => void audits.push(e) },
    clock: fixedClock('2027-03-01T09:00:00Z'),
  };
  return { deps, audits, asked };
}

/** A caller of the search route with these pairs, as `actorRoute` reads them from the role store. */
const actor = (...grants: Grant[]): Actor => actorOf('searchMembers', grants, { sub: `sub-${grants[0]?.role}`, login: 'x' });
const admin = actor(held('school-admin', 'SCH00001'));
const otherAdmin = actor(held('school-admin', 'SCH00002'));
const support = actor({ role: 'support', institution: null, support: 'all' });
const southSupport = actor({ role: 'support', institution: null, support: { regions: ['SOUTH'] } });
const operator = actor(held('operator'));
/** School admin of one institution and officer of another: two places this route admits. */
const twoPlaces = actor(held('school-admin', 'SCH00001'), held('officer', 'SCH00002'));

describe('what a query asks for', () => {
  it('reads q by its shape: login, national ID (by its checksum), phone digits, login start, name', () => {
    expect(classify('Mario.Rossi3@posta.istruzione.it', 'codice-fiscale')).toEqual({
      kind: 'login',
      login: 'mario.rossi3@posta.istruzione.it',
    });
    expect(classify(codiceFiscale(5).toLowerCase(), 'codice-fiscale')).toEqual({ kind: 'national-id', normalized: codiceFiscale(5) });
    expect(classify('+39 347 123', 'codice-fiscale')).toEqual({ kind: 'phone', ending: '39347123' });
    expect(classify('4567', 'codice-fiscale')).toEqual({ kind: 'phone', ending: '4567' });
    expect(classify('mario.ros', 'codice-fiscale')).toEqual({ kind: 'login-prefix', prefix: 'mario.ros' });
    expect(classify("D'Àngelo Ma", 'codice-fiscale')).toEqual({ kind: 'name', prefix: 'dangelo ma' });
    expect(classify(undefined, 'codice-fiscale')).toEqual({ kind: 'institution' });
    // A TCKN-looking number whose checksum fails is no national ID: its digits are a phone search.
    expect(classify('12345678901', 'tckn')).toEqual({ kind: 'phone', ending: '12345678901' });
    expect(() => classify('-', 'codice-fiscale')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads a whole mobile as the import does, so the number as HR wrote it finds the member stored in E.164', () => {
    const cases: Array<[string, 'codice-fiscale' | 'snils' | 'tckn', 'IT' | 'RU' | 'TR', string]> = [
      ['0039 347 123 4567', 'codice-fiscale', 'IT', '393471234567'],
      ['347 123 4567', 'codice-fiscale', 'IT', '393471234567'],
      ['8 (912) 345-67-89', 'snils', 'RU', '79123456789'],
      ['007 912 345 67 89', 'snils', 'RU', '79123456789'],
      ['0532 123 45 67', 'tckn', 'TR', '905321234567'],
    ];
    for (const [q, kind, region, ending] of cases) expect(classify(q, kind, region), q).toEqual({ kind: 'phone', ending });
    // What is no whole number stays a search by the last digits typed.
    expect(classify('+39 347 123', 'codice-fiscale', 'IT')).toEqual({ kind: 'phone', ending: '39347123' });
    expect(classify('45-67', 'snils', 'RU')).toEqual({ kind: 'phone', ending: '4567' });
  });

  it('folds names as desks type them: case, accents, Turkish i, ё, apostrophes, hyphens', () => {
    expect(foldName('ÇELİK-Yılmaz')).toBe('celik yilmaz');
    expect(foldName('Соловьёв')).toBe('соловьев');
    expect(foldName('  D’Angelo   Niccolò ')).toBe('dangelo niccolo');
    expect(searchKeys({ memberId: 'm1', institutionCode: 'SCH1', familyName: 'Çelik', givenName: 'Ayşe' })).toEqual({
      searchPk: 'SEARCH#SCH1',
      searchSk: 'celik ayse#m1',
    });
  });
});

describe('searchMembers', () => {
  const members = [
    member(1, { familyName: 'Çelik', givenName: 'Ayşe', state: 'notified' }),
    member(2, { familyName: 'Rossi', givenName: 'Mario' }),
    member(3, { familyName: 'Rossini', givenName: 'Gioacchino', state: 'activated' }),
    member(4, { institutionCode: 'SCH00002', familyName: 'Rossi', givenName: 'Luca' }),
  ];

  it('a school admin searches their own institution by name, answered with masked summaries only', async () => {
    const w = world(members);
    const out = await searchMembers({ q: 'ross', limit: 25 }, admin, w.deps, 'r');
    expect(out.items.map((m) => m.familyName)).toEqual(['Rossi', 'Rossini']);
    expect(out.items[0]).toEqual({
      memberId: members[1]?.memberId,
      login: 'mario.rossi2@posta.istruzione.it',
      givenName: 'Mario',
      familyName: 'Rossi',
      institutionCode: 'SCH00001',
      state: 'pending',
      phone: expect.stringMatching(/^\+39\*+\d{3}$/),
      nationalIdLast3: members[1]?.nidLast3,
    });
    expect(w.asked).toEqual([{ institutionCode: 'SCH00001', filter: { namePrefix: 'ross' } }]);
    expect(w.audits).toEqual([
      expect.objectContaining({
        action: 'members.searched',
        institution: 'SCH00001',
        outcome: 'success',
        details: { kind: 'name', results: 2 },
      }),
    ]);
  });

  it('by phone ending, login start, state, and an institution’s members page by page', async () => {
    const w = world(members);
    expect((await searchMembers({ q: '4001', limit: 25 }, admin, w.deps, 'r')).items.map((m) => m.familyName)).toEqual(['Çelik']);
    // The whole number as the member's HR file wrote it, with the international 00.
    expect((await searchMembers({ q: '0039 347 123 4001', limit: 25 }, admin, w.deps, 'r')).items.map((m) => m.familyName)).toEqual([
      'Çelik',
    ]);
    expect((await searchMembers({ q: 'mario.rossi2', limit: 25 }, admin, w.deps, 'r')).items).toHaveLength(1);
    expect((await searchMembers({ q: 'mario.ross', limit: 25 }, admin, w.deps, 'r')).items).toHaveLength(3);
    expect((await searchMembers({ state: 'activated', limit: 25 }, admin, w.deps, 'r')).items.map((m) => m.familyName)).toEqual([
      'Rossini',
    ]);
    const first = await searchMembers({ limit: 2 }, admin, w.deps, 'r');
    const second = await searchMembers({ limit: 2, cursor: first.nextCursor ?? '' }, admin, w.deps, 'r');
    expect([...first.items, ...second.items].map((m) => m.familyName)).toEqual(['Çelik', 'Rossi', 'Rossini']);
    expect(second.nextCursor).toBeNull();
  });

  it('an exact national ID or login is found deployment-wide, within scope; the ID is never audited', async () => {
    const w = world(members);
    const luca = codiceFiscale(4);
    expect((await searchMembers({ q: luca, limit: 25 }, support, w.deps, 'r')).items.map((m) => m.givenName)).toEqual(['Luca']);
    expect((await searchMembers({ q: 'MARIO.ROSSI4@posta.istruzione.it', limit: 25 }, operator, w.deps, 'r')).items).toHaveLength(1);
    expect(JSON.stringify(w.audits)).not.toContain(luca);
    expect(w.audits.map((a) => a.details?.kind)).toEqual(['national-id', 'login']);
  });

  it('an institution mailbox’s login finds no member: it is not a person', async () => {
    const mailbox = member(7, { memberId: 'mb-1', kind: 'institution-mailbox', address: 'segreteria@posta.istruzione.it' });
    const w = world([...members, mailbox]);
    expect((await searchMembers({ q: 'segreteria@posta.istruzione.it', limit: 25 }, operator, w.deps, 'r')).items).toEqual([]);
  });

  it('another institution’s member is not found by exact login or ID (empty, like an unknown one), and naming it is 403', async () => {
    const w = world(members);
    for (const q of [codiceFiscale(4), 'mario.rossi4@posta.istruzione.it', codiceFiscale(99), 'nobody@posta.istruzione.it']) {
      expect(await searchMembers({ q, limit: 25 }, admin, w.deps, 'r'), q).toEqual({ items: [], nextCursor: null });
    }
    await expect(searchMembers({ q: 'rossi', institutionCode: 'SCH00002', limit: 25 }, admin, w.deps, 'r')).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
    expect(w.audits.at(-1)).toMatchObject({ outcome: 'refused', institution: 'SCH00002', reason: 'institution_out_of_scope' });
    // Regional support reaches its region's institutions only.
    expect((await searchMembers({ q: 'ross', institutionCode: 'SCH00002', limit: 25 }, southSupport, w.deps, 'r')).items).toHaveLength(1);
    await expect(searchMembers({ q: 'ross', institutionCode: 'SCH00001', limit: 25 }, southSupport, w.deps, 'r')).rejects.toMatchObject({
      status: 403,
    });
    expect((await searchMembers({ q: codiceFiscale(1), limit: 25 }, southSupport, w.deps, 'r')).items).toEqual([]);
    expect((await searchMembers({ q: codiceFiscale(1), limit: 25 }, otherAdmin, w.deps, 'r')).items).toEqual([]);
  });

  it('operators, support and callers of several institutions name the institution for anything but an exact lookup (400); an exact lookup takes no cursor', async () => {
    const w = world(members);
    for (const who of [operator, support, twoPlaces]) {
      await expect(searchMembers({ q: 'rossi', limit: 25 }, who, w.deps, 'r')).rejects.toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ field: 'query.institutionCode', code: 'institution_required' })],
      });
    }
    // A caller of two institutions names one, and reaches each where a role is held.
    expect((await searchMembers({ q: 'ross', institutionCode: 'SCH00002', limit: 25 }, twoPlaces, w.deps, 'r')).items).toHaveLength(1);
    expect((await searchMembers({ q: codiceFiscale(4), limit: 25 }, twoPlaces, w.deps, 'r')).items).toHaveLength(1);
    await expect(searchMembers({ q: codiceFiscale(1), cursor: 'abc', limit: 25 }, support, w.deps, 'r')).rejects.toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [expect.objectContaining({ code: 'cursor_invalid' })],
    });
  });
});

describe('the search index adapter', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = dynamoMemberSearchStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' })), 'T');
  const row = (i: number, phone: string) => ({
    pk: `MEMBER#m${i}`,
    sk: 'MEMBER',
    searchPk: 'SEARCH#SCH1',
    searchSk: `rossi mario#m${i}`,
    memberId: `m${i}`,
    phone,
  });

  it('queries one institution’s partition (a name prefix as key condition), never the table', async () => {
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [row(1, '+393471234567')] });
    await store.page('SCH1', { namePrefix: 'ross', state: 'notified' }, 10);
    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      IndexName: 'search',
      KeyConditionExpression: 'searchPk = :pk AND begins_with(searchSk, :name)',
      FilterExpression: '#state = :state',
      ExpressionAttributeValues: { ':pk': 'SEARCH#SCH1', ':name': 'ross', ':state': 'notified' },
    });
    expect(ddb.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('keeps only phones that end with the digits; a full page stops at the last entry returned, and resumes after it', async () => {
    ddb.reset();
    ddb
      .on(QueryCommand)
      .resolves({ Items: [row(1, '+393471234567'), row(2, '+394567000001'), row(3, '+393479994567')], LastEvaluatedKey: { x: 1 } });
    const page = await store.page('SCH1', { phoneEnding: '4567' }, 2);
    expect(page.items.map((i) => i.memberId)).toEqual(['m1', 'm3']);
    const resumed = parseCursor(page.nextCursor ?? '');
    expect(resumed).toEqual({ pk: 'MEMBER#m3', sk: 'MEMBER', searchPk: 'SEARCH#SCH1', searchSk: 'rossi mario#m3' });
    await store.page('SCH1', { phoneEnding: '4567' }, 2, page.nextCursor ?? '');
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(resumed);
  });

  it('a forged cursor (another institution, another item kind, extra keys, not base64 JSON) is 400 cursor_invalid', async () => {
    ddb.reset();
    const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const cursor of [
      forged({ pk: 'MEMBER#m1', sk: 'MEMBER', searchPk: 'SEARCH#OTHER', searchSk: 'a#m1' }),
      forged({ pk: 'PRINCIPAL#x', sk: 'SCOPE', searchPk: 'SEARCH#SCH1', searchSk: 'a#m1' }),
      forged({ pk: 'MEMBER#m1', sk: 'MEMBER', searchPk: 'SEARCH#SCH1', searchSk: 'a#m1', gsi1pk: 'x' }),
      'not a cursor',
    ]) {
      await expect(store.page('SCH1', {}, 10, cursor)).rejects.toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ code: 'cursor_invalid' })],
      });
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('a login resolved to the sub role grants take', () => {
  it('answers the account, audits the look-up; an unknown login is 404 user_not_found', async () => {
    const audits: AuditEntry[] = [];
    const deps = {
      users: {
        byLogin: async (login: string) =>
          login === 'demo.support@posta.istruzione.it' ? { sub: 'sub-9', login, enabled: true, status: 'CONFIRMED' } : null,
      },
      audit: { record: async (e: AuditEntry) => void audits.push(e) },
      clock: fixedClock('2027-03-01T09:00:00Z'),
    };
    expect(await findUserByLogin(' Demo.Support@posta.istruzione.it ', operator, deps, 'r')).toEqual({
      sub: 'sub-9',
      login: 'demo.support@posta.istruzione.it',
      enabled: true,
      status: 'CONFIRMED',
    });
    await expect(findUserByLogin('nobody@posta.istruzione.it', operator, deps, 'r')).rejects.toMatchObject({
      status: 404,
      code: 'user_not_found',
    });
    expect(audits.map((a) => [a.action, a.target, a.details?.found])).toEqual([
      ['user.looked-up', 'PRINCIPAL#sub-9', true],
      ['user.looked-up', 'unknown-user', false],
    ]);
  });
});

describe('the shared-mailbox list adapter', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const store = dynamoSharedMailboxStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-south-1' })), 'T');

  it('reads one gsi1 partition (an institution by prefix); a cursor from elsewhere is 400 cursor_invalid', async () => {
    ddb.reset();
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ pk: 'SHAREDBOX#a@b.it', sk: 'META', gsi1pk: 'SHAREDBOXES', gsi1sk: 'SCH1#a@b.it', address: 'a@b.it' }] });
    expect((await store.list('SCH1', 10)).items).toEqual([{ address: 'a@b.it' }]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :i)',
      ExpressionAttributeValues: { ':p': 'SHAREDBOXES', ':i': 'SCH1#' },
    });
    const other = Buffer.from(
      JSON.stringify({ pk: 'SHAREDBOX#x@y.it', sk: 'META', gsi1pk: 'SHAREDBOXES', gsi1sk: 'SCH2#x@y.it' }),
    ).toString('base64url');
    await expect(store.list('SCH1', 10, other)).rejects.toMatchObject({ status: 400 });
  });
});
