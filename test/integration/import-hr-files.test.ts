import { beforeAll, describe, expect, inject, it } from 'vitest';
import { queryAll } from '../../shared/clients/dynamo-helpers';
import { apiClient, type Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { localDb } from '../helpers/local-clients';
import { smsOutbox } from '../helpers/profile-stack';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #13 (real HR files) and #12 item 1 (the institution boundary in the import), through the
 * HTTP API on the shared it-miur stack: the institution registry, the import format, a mapping for
 * an export as it comes, validateOnly, every problem of a row, old addresses and launched members.
 * (Windows-1251/-1254 files are imported on their own profiles' stacks in migration-flow.test.ts.)
 */
const { runtime, demoUsers } = inject('stack');
const client = apiClient(runtime, demoUsers);
const { api, tokenOf, call, runImport } = client;
const db = localDb(runtime);
const N = 160_000; // italianRow indexes of this file (see staff-fixtures)

async function membersOf(institutionCode: string): Promise<Json[]> {
  return queryAll(db, {
    TableName: runtime.resources.tables.directory,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :m)',
    ExpressionAttributeValues: { ':p': `INSTITUTION#${institutionCode}`, ':m': 'MEMBER#' },
  });
}
const memberWithPhone = async (institutionCode: string, phone: string) => (await membersOf(institutionCode)).find((m) => m.phone === phone);

async function problemsOf(token: string, jobId: string): Promise<Array<[number, string, string]>> {
  return (await client.importProblems(token, jobId)).map((p) => [p.row, p.field, p.code]);
}

/** A CSV answer's text, after checking it starts with a UTF-8 byte-order mark (fetch's text() would drop it unseen). */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes);
}

async function postCsv(token: string, path: string, body: string, contentType = 'text/csv') {
  const res = await fetch(`${api}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

let operator: string;
let admin: string;
beforeAll(async () => {
  operator = await tokenOf('operator');
  admin = await tokenOf('school-admin');
});

describe('institution registry', () => {
  it('operators register an institution (201); the same PUT changes nothing; bad data and other roles are refused', async () => {
    const body = { name: 'Liceo Galilei', city: 'Pisa', region: 'TOSCANA' };
    expect(await call(operator, 'PUT', '/v1/institutions/HRFA0001', body)).toMatchObject({
      status: 201,
      body: { changed: true, institution: { code: 'HRFA0001', name: 'Liceo Galilei', region: 'TOSCANA' } },
    });
    expect(await call(operator, 'PUT', '/v1/institutions/HRFA0001', body)).toMatchObject({ status: 200, body: { changed: false } });
    // Moscow's shape is not Italy's; a name hiding a bidi override; no name at all.
    expect(await call(operator, 'PUT', '/v1/institutions/MSK-SCH-1234', { name: 'x' })).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', field: 'path.code', errors: [{ code: 'institution_code_format' }] },
    });
    expect((await call(operator, 'PUT', '/v1/institutions/HRFA0002', { name: 'Liceo\u202Eilopan' })).body.errors).toEqual([
      expect.objectContaining({ field: 'body.name', code: 'name_unsafe_characters' }),
    ]);
    expect((await call(operator, 'PUT', '/v1/institutions/HRFA0002', {})).body.field).toBe('body.name');
    for (const role of ['school-admin', 'support', 'staff']) {
      const res = await call(await tokenOf(role), 'PUT', '/v1/institutions/HRFA0003', { name: 'Mine now' });
      expect(res, role).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    }
  });

  it('lists in scope: operators page through all (a forged cursor is 400), a school admin sees only their own', async () => {
    const first = await call(operator, 'GET', '/v1/institutions?limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const forged = Buffer.from(JSON.stringify({ pk: 'MEMBER#x', sk: 'MEMBER', gsi1pk: 'INSTITUTION#DEMO001', gsi1sk: 'x' })).toString(
      'base64url',
    );
    expect(await call(operator, 'GET', `/v1/institutions?cursor=${forged}`)).toMatchObject({
      status: 400,
      body: { errors: [{ code: 'cursor_invalid' }] },
    });
    expect(await call(admin, 'GET', '/v1/institutions')).toMatchObject({
      status: 200,
      body: { items: [{ code: 'DEMO001' }], nextCursor: null },
    });
  });

  it('bulk registration from CSV is all or nothing, idempotent, and for operators only', async () => {
    const good =
      'Codice meccanografico;Denominazione;Comune;Regione\r\nHRFC0001;Scuola A;Lucca;TOSCANA\r\nHRFC0002;Scuola B;Siena;TOSCANA\r\n';
    const bad = `${good}HRFC0003;;;\r\nHRFC0001;Doppione;;\r\n`;
    expect(await postCsv(operator, '/v1/institutions/bulk', bad)).toMatchObject({
      status: 400,
      body: {
        errors: [
          { field: 'rows.3.name', code: 'required' },
          { field: 'rows.4.code', code: 'duplicate_in_file' },
        ],
      },
    });
    const listed = async () => (await call(operator, 'GET', '/v1/institutions?limit=100')).body.items.map((i: Json) => i.code);
    expect(await listed()).not.toContain('HRFC0001'); // nothing of the refused file was written
    expect(await postCsv(operator, '/v1/institutions/bulk', good)).toMatchObject({ status: 200, body: { rows: 2, registered: 2 } });
    expect(await postCsv(operator, '/v1/institutions/bulk', good)).toMatchObject({ status: 200, body: { unchanged: 2 } });
    expect((await postCsv(operator, '/v1/institutions/bulk', good, 'application/json')).status).toBe(415);
    expect(await postCsv(admin, '/v1/institutions/bulk', good)).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
  });
});

describe('an import that meets HR where it is', () => {
  it('tells the format (columns, aliases, categories, languages) and gives a template in the profile’s language', async () => {
    const format = await call(admin, 'GET', '/v1/imports/format');
    expect(format.status).toBe(200);
    const category = format.body.columns.find((c: Json) => c.field === 'category');
    expect(category).toMatchObject({ required: true, label: 'categoria', aliases: expect.arrayContaining(['staff category']) });
    expect(format.body.categories).toContainEqual(
      expect.objectContaining({ id: 'administrative-technical', labels: { it: 'ATA', en: 'administrative-technical' } }),
    );
    expect(format.body).toMatchObject({ defaultLocale: 'it', legacyEncoding: 'windows-1252' });
    const template = await fetch(`${api}/v1/imports/template.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(template.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csvText(template)).split('\r\n')[0]).toBe(
      'nome;cognome;codice fiscale;cellulare;codice meccanografico;categoria;email istituzionale;email personale;lingua',
    );
    expect((await call(await tokenOf('staff'), 'GET', '/v1/imports/format')).status).toBe(403);
  });

  it('an export with its own headers, locale tags and category labels imports with a mapping, the file unchanged', async () => {
    const people = [0, 1, 2, 3].map((k) => italianRow(N + k, 'HRFA0001'));
    const labels = ['Docente', 'Personale ATA', 'DS', 'Doc.'];
    const languages = ['it-IT', 'en-GB', 'ITA', 'Italiano'];
    // The HR system's export as it comes: its own column names, a landline column the built-in
    // names would take for the mobile, its own labels and tags.
    const header =
      'Nome;Cognome;Codice Fiscale Dipendente;Tel. Mobile;Telefono;Sede di servizio;Profilo;Indirizzo PEO;Email privata;Lingua preferita';
    const lines = people.map((p, k) =>
      [p.givenName, p.familyName, p.nationalId, p.phone, '050 123456', p.institutionCode, labels[k], p.oldAddress, '', languages[k]].join(
        ';',
      ),
    );
    const export_ = `${header}\r\n${lines.join('\r\n')}\r\n`;
    const without = await runImport(operator, export_);
    expect(without).toMatchObject({ state: 'failed', failure: { code: 'csv_missing_column' } });

    const mapping = {
      columns: {
        'Codice Fiscale Dipendente': 'nationalId',
        'Tel. Mobile': 'phone',
        Telefono: null,
        'Sede di servizio': 'institutionCode',
        Profilo: 'category',
        'Indirizzo PEO': 'oldAddress',
        'Email privata': 'alternateEmail',
        'Lingua preferita': 'locale',
      },
      values: { category: { DS: 'principal', 'Doc.': 'teacher' }, locale: { ITA: 'it-IT' } },
    };
    const job = await runImport(operator, export_, 'csv', undefined, { mapping });
    expect(job).toMatchObject({ state: 'completed', mapping, counts: { rows: 4, created: 4, rejected: 0 } });
    // The same people written with Posta's own names, ids and tags are exactly these members.
    const canonical: StaffRow[] = people.map((p, k) => ({
      ...p,
      category: ['teacher', 'administrative-technical', 'principal', 'teacher'][k] as string,
      locale: ['it', 'en', 'it', 'it'][k] as string,
    }));
    expect((await runImport(operator, toCsv(canonical))).counts).toMatchObject({ unchanged: 4, updated: 0, created: 0 });
  });

  it('validateOnly reports every problem and writes nothing', async () => {
    const rows = [italianRow(N + 10, 'HRFA0001'), italianRow(N + 11, 'HRFA0001'), { ...italianRow(N + 12, 'HRFA0001'), phone: '12' }];
    const before = (await membersOf('HRFA0001')).length;
    const dry = await runImport(operator, toCsv(rows), 'csv', undefined, { validateOnly: true });
    expect(dry).toMatchObject({ state: 'completed', validateOnly: true, counts: { rows: 3, created: 2, rejected: 1 } });
    expect(await problemsOf(operator, dry.jobId)).toEqual([[3, 'phone', 'phone_invalid']]);
    expect(await membersOf('HRFA0001')).toHaveLength(before);
    expect((await call(operator, 'GET', '/v1/institutions/HRFA0001/progress')).body.pending).toBe(before);
    expect((await runImport(operator, toCsv(rows))).counts).toMatchObject({ created: 2, rejected: 1 });
  });

  it('a file with each problem: every problem of a row told, by row, also as formula-safe CSV; a launched member’s old address is not renamed, a pending one’s is followed', async () => {
    const launched = italianRow(N + 20, 'HRFB0001');
    const waiting = italianRow(N + 21, 'HRFB0001');
    await launchSmallLot({ runtime, api: client, db }, operator, { name: 'hr files', institutionCode: 'HRFB0001', rows: [launched] });
    await runImport(operator, toCsv([waiting]));
    const launchedBefore = await memberWithPhone('HRFB0001', launched.phone);
    const waitingBefore = await memberWithPhone('HRFB0001', waiting.phone);
    const moved = (r: StaffRow) => ({ ...r, oldAddress: r.oldAddress.replace('@', '.nuovo@') });
    const fresh = italianRow(N + 25, 'HRFB0001');
    const rows: StaffRow[] = [
      moved(launched), // 1: old_address_changed
      moved(waiting), // 2: updated, its mailbox follows
      italianRow(N + 22, 'HRFZ9999'), // 3: institution_unknown
      { ...italianRow(N + 23, 'HRFB0001'), givenName: 'Ma\u202Erio' }, // 4: bidi override
      { ...italianRow(N + 24, 'HRFB0001'), familyName: 'Ros\u200Bsi' }, // 5: zero-width space
      { ...fresh, locale: 'tr-TR' }, // 6: good (a BCP 47 tag)
      { ...italianRow(N + 26, 'HRFB0001'), nationalId: fresh.nationalId, phone: '+39 12' }, // 7: two problems
      {
        ...italianRow(N + 27, 'HRFB0001'),
        nationalId: `${italianRow(N + 27).nationalId.slice(0, 15)}${italianRow(N + 27).nationalId.endsWith('A') ? 'B' : 'A'}`,
      }, // 8
    ];
    const job = await runImport(operator, toCsv(rows), 'csv', undefined, { register: false });
    expect(job.counts).toMatchObject({ rows: 8, created: 1, updated: 1, rejected: 6 });
    expect(await problemsOf(operator, job.jobId)).toEqual([
      [1, 'oldAddress', 'old_address_changed'],
      [3, 'institutionCode', 'institution_unknown'],
      [4, 'givenName', 'name_unsafe_characters'],
      [5, 'familyName', 'name_unsafe_characters'],
      [7, 'phone', 'phone_invalid'],
      [7, 'nationalId', 'duplicate_in_file'],
      [8, 'nationalId', 'national_id_checksum'],
    ]);
    expect(await memberWithPhone('HRFB0001', launched.phone)).toMatchObject({
      address: launchedBefore?.address,
      oldAddress: launched.oldAddress,
    });
    const followed = await memberWithPhone('HRFB0001', waiting.phone);
    expect(followed?.address).toBe(moved(waiting).oldAddress.replace('@istruzione.it', '@posta.istruzione.it'));
    expect(followed?.address).not.toBe(waitingBefore?.address);

    const csv = await fetch(`${api}/v1/imports/${job.jobId}/problems.csv`, { headers: { authorization: `Bearer ${operator}` } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csvText(csv)).trim().split('\r\n');
    expect(lines[0]).toBe('row,field,code,message');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual(
      (await problemsOf(operator, job.jobId)).map(([row, field, code]) => [String(row), field, code]),
    );
    expect(lines.join('\n')).not.toContain(rows[7]?.nationalId);
    // The operator's deployment-wide import is not a school admin's to read, as JSON or CSV.
    const foreign = await fetch(`${api}/v1/imports/${job.jobId}/problems.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(foreign.status).toBe(403);
    const forged = Buffer.from(JSON.stringify({ pk: 'IMPORT#other', sk: 'PROBLEM#0000001#00' })).toString('base64url');
    expect((await call(operator, 'GET', `/v1/imports/${job.jobId}/problems.csv?cursor=${forged}`)).status).toBe(400);
  }, 120_000);

  it('Excel’s "Unicode Text" (UTF-16, tabs) and a Windows-1252 file with ’ import as saved, national IDs and phones as HR wrote them', async () => {
    const [a, b] = [italianRow(N + 60, 'HRFA0001'), italianRow(N + 61, 'HRFA0001')];
    const header = ['Nome', 'Cognome', 'Codice fiscale', 'Cellulare', 'Codice meccanografico', 'Categoria'];
    // +393471160060 as an export writes it: the ITU's 00, spaces; the codice fiscale in groups.
    const asWritten = (p: StaffRow) => `00${p.phone.slice(1, 3)} ${p.phone.slice(3, 6)} ${p.phone.slice(6)}`;
    const cf = (p: StaffRow) => `${p.nationalId.slice(0, 6)} ${p.nationalId.slice(6, 11)} ${p.nationalId.slice(11)}`;
    const line = (p: StaffRow, familyName: string, sep: string) =>
      [p.givenName, familyName, cf(p), asWritten(p), p.institutionCode, p.category].join(sep);

    const tsv = `${header.join('\t')}\r\n${line(a, 'D’Amico', '\t')}\r\n`;
    const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]);
    const fromUtf16 = await runImport(operator, unicodeText);
    expect(fromUtf16).toMatchObject({ state: 'completed', decodedAs: 'utf-16le (byte-order mark)', counts: { created: 1, rejected: 0 } });
    expect(await memberWithPhone('HRFA0001', a.phone)).toMatchObject({ familyName: 'D’Amico', nidLast3: a.nationalId.slice(-3) });

    // Windows-1252 as Excel on an Italian Windows saves it: ’ is the byte 0x92 (written here as U+0092 for Latin-1).
    const cp1252 = Buffer.from(`${header.join(';')}\r\n${line(b, 'Dell\u0092Orto', ';')}\r\n`, 'latin1');
    const fromCp1252 = await runImport(operator, cp1252);
    expect(fromCp1252).toMatchObject({ state: 'completed', decodedAs: 'windows-1252', counts: { created: 1, rejected: 0 } });
    expect(await memberWithPhone('HRFA0001', b.phone)).toMatchObject({ familyName: 'Dell’Orto' });
  }, 60_000);

  it('a file that does not decode is refused with its line, never stored with U+FFFD', async () => {
    const rows = [italianRow(N + 30, 'HRFA0001'), { ...italianRow(N + 31, 'HRFA0001'), familyName: 'Dell\u00ff' }];
    // Latin-1 bytes declared as UTF-8: 0xFF (ÿ) is no UTF-8, on line 3 (the header is line 1).
    const bytes = Buffer.from(toCsv(rows).replace(/^\uFEFF/, ''), 'latin1');
    const job = await runImport(operator, bytes, 'csv', undefined, { encoding: 'utf-8' });
    expect(job).toMatchObject({ state: 'failed', failure: { code: 'encoding_invalid' }, counts: { created: 0 } });
    expect(job.failure.message).toContain('line 3');
  });
});

describe('real staff names become mailboxes by the published rules, and their logins are found as typed', () => {
  it('names with apostrophes, particles, accents (NFC and NFD), Cyrillic and Turkish letters get valid addresses, namesakes a stable suffix; the desk finds them by login as typed', async () => {
    // No old address: the mailbox is built from the names (README, import section).
    const names: Array<[string, string, string]> = [
      ['Maria', "D'Angelo", 'maria.dangelo'],
      ['Luca', 'De Luca', 'luca.deluca'],
      ['Giovanni', "Dell'Acqua", 'giovanni.dellacqua'],
      ['Giovanni', 'Dell’Acqua', 'giovanni.dellacqua2'], // a namesake, typographic apostrophe
      ['Zoë'.normalize('NFD'), 'Bianchi', 'zoe.bianchi'], // decomposed, as some HR tools write it
      ['Niccolò', 'Lo Iacono', 'niccolo.loiacono'],
      ['Юлия', 'Щукина', 'iuliia.shchukina'], // ICAO Doc 9303, as in Russian passports
      ['Николай', 'Римский-Корсаков', 'nikolai.rimskii-korsakov'],
      ['İlker', 'Işık', 'ilker.isik'],
      ['Çağrı', 'Öztürk', 'cagri.ozturk'],
    ];
    expect((await call(operator, 'PUT', '/v1/institutions/HRNM0001', { name: 'Convitto Nazionale' })).status).toBe(201);
    const rows: StaffRow[] = names.map(([givenName, familyName], k) => ({
      ...italianRow(N + 900 + k, 'HRNM0001'),
      givenName,
      familyName,
      oldAddress: '',
    }));
    expect((await runImport(operator, toCsv(rows))).counts).toMatchObject({ rows: names.length, created: names.length, rejected: 0 });
    const addressOf = async () => Object.fromEntries((await membersOf('HRNM0001')).map((m) => [m.phone as string, m.address as string]));
    const expected = Object.fromEntries(rows.map((r, k) => [r.phone, `${names[k]?.[2]}@posta.istruzione.it`]));
    expect(await addressOf()).toEqual(expected);
    // The same file again changes nothing: every member keeps the address given, suffix included.
    expect((await runImport(operator, toCsv(rows))).counts).toMatchObject({ unchanged: names.length, created: 0, updated: 0 });
    expect(await addressOf()).toEqual(expected);

    // A login as a caller spells it out: capitals from a Turkish keyboard (İ), spaces around.
    const found = async (q: string) =>
      (await call(operator, 'GET', `/v1/members?q=${encodeURIComponent(q)}`)).body.items?.map((m: Json) => m.login);
    expect(await found(' İLKER.ISIK@POSTA.ISTRUZIONE.IT ')).toEqual(['ilker.isik@posta.istruzione.it']);
    expect(await found('Zoë.Bianchi@posta.istruzione.it'.normalize('NFD'))).toEqual(['zoe.bianchi@posta.istruzione.it']);
    // Forgot password takes the same typed login (the answer is the same for every login; a
    // refused one would be 400).
    const forgot = await fetch(`${api}/v1/password/forgot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: ' İLKER.ISIK@POSTA.ISTRUZIONE.IT ' }),
    });
    expect(forgot.status).toBe(202);
  });
});

describe('the institution is a boundary in the import (issue #12)', () => {
  it('a DEMO001 school admin’s row with an OTHER001 member’s national ID and the attacker’s phone is refused: the member is unchanged and nothing is sent', async () => {
    const victim = italianRow(N + 40, 'OTHER001');
    const attackerPhone = italianRow(N + 41).phone;
    expect((await runImport(operator, toCsv([victim]))).counts).toMatchObject({ created: 1 });
    const before = await memberWithPhone('OTHER001', victim.phone);

    const job = await runImport(admin, toCsv([{ ...victim, institutionCode: 'DEMO001', phone: attackerPhone }]));
    expect(job.counts).toMatchObject({ created: 0, updated: 0, rejected: 1 });
    const problems = (await call(admin, 'GET', `/v1/imports/${job.jobId}/problems`)).body.items;
    expect(problems).toEqual([expect.objectContaining({ row: 1, field: 'nationalId', code: 'member_in_other_institution' })]);
    // Nothing about the other institution or the member.
    expect(JSON.stringify(problems)).not.toMatch(
      new RegExp(['OTHER001', 'Other demo school', victim.givenName, victim.familyName, victim.phone.slice(-4)].join('|')),
    );
    expect(await memberWithPhone('OTHER001', victim.phone)).toMatchObject({
      memberId: before?.memberId,
      phone: victim.phone,
      institutionCode: 'OTHER001',
      rowHash: before?.rowHash,
    });
    expect((await smsOutbox(runtime)).filter((s) => s.phoneNumber === attackerPhone)).toEqual([]);
    // validateOnly tells the school admin the same, and writes nothing either.
    const dry = await runImport(admin, toCsv([{ ...victim, institutionCode: 'DEMO001', phone: attackerPhone }]), 'csv', undefined, {
      validateOnly: true,
    });
    expect(await problemsOf(admin, dry.jobId)).toEqual([[1, 'nationalId', 'member_in_other_institution']]);

    // Only an operator moves a member between institutions, and the move is audited in both trails.
    const move = await runImport(operator, toCsv([{ ...victim, institutionCode: 'DEMO001' }]));
    expect(move.counts).toMatchObject({ updated: 1 });
    const trail = (await call(operator, 'GET', `/v1/audit?target=${before?.memberId}&limit=50`)).body.items;
    expect(
      trail
        .filter((r: Json) => r.action === 'member.moved')
        .map((r: Json) => r.institution)
        .sort(),
    ).toEqual(['DEMO001', 'OTHER001']);
  }, 60_000);

  it('a late request naming an unregistered institution is refused as the import refuses the row, and texts nothing', async () => {
    const person = italianRow(N + 50, 'HRFZ9999');
    const res = await fetch(`${api}/v1/late-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...person, alternateEmail: undefined }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).errors).toEqual([
      expect.objectContaining({ field: 'body.institutionCode', code: 'institution_unknown' }),
    ]);
    expect((await smsOutbox(runtime)).filter((s) => s.phoneNumber === person.phone)).toEqual([]);
  });
});
