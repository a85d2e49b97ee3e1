import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { fixedClock } from '../../shared/clock';
import { type Institution, unregisteredInstitutionProblems } from '../../shared/institutions/institution';
import { registerInstitutionsCsv, registerInstitutionsFromUpload } from '../../shared/institutions/institution-csv';
import type { InstitutionStore } from '../../shared/institutions/institution-store';
import { type InstitutionDeps, listInstitutions, putInstitution } from '../../shared/institutions/institution-use-cases';
import { itMiur } from '../../shared/profiles/it-miur';
import { ruMoscow } from '../../shared/profiles/ru-moscow';
import { actorOf, held } from '../helpers/actors';
import { encodeLegacy } from '../helpers/legacy-encoding';

/** An in-memory registry with the DynamoDB store's rules: conditional saves, pages in code order. */
function registry(): InstitutionStore & { items: Map<string, Institution>; writes: number } {
  const items = new Map<string, Institution>();
  const store = {
    items,
    writes: 0,
    get: async (code: string) => structuredClone(items.get(code) ?? null),
    getMany: async (codes: readonly string[]) =>
      new Map(codes.flatMap((c) => (items.has(c) ? [[c, structuredClone(items.get(c) as Institution)] as const] : []))),
    known: async (codes: readonly string[]) => new Set(codes.filter((c) => items.has(c))),
    async save(i: Institution, previous: Institution | null) {
      const now = items.get(i.code) ?? null;
      if ((now?.updatedAt ?? null) !== (previous?.updatedAt ?? null)) return false;
      items.set(i.code, structuredClone(i));
      store.writes++;
      return true;
    },
    async saveMany(list: readonly Institution[]) {
      for (const i of list) items.set(i.code, structuredClone(i));
      store.writes += list.length;
    },
    async list(limit: number, cursor: string | undefined, regions?: readonly string[], prefix?: string) {
      const all = [...items.values()]
        .sort((a, b) => a.code.localeCompare(b.code))
        .filter((i) => !regions || regions.includes(i.region ?? ''))
        .filter((i) => i.code.startsWith(prefix ?? ''));
      const start = cursor ? all.findIndex((i) => i.code === cursor) + 1 : 0;
      const page = all.slice(start, start + limit);
      return { items: page, nextCursor: start + limit < all.length ? (page.at(-1)?.code ?? null) : null };
    },
  };
  return store;
}

// The registry's use cases ask the policy for the listing route (the writes are operators' only).
const operator = actorOf('listInstitutions', [held('operator')], { sub: 'op', login: 'op@x' });
const admin = actorOf('listInstitutions', [held('school-admin', 'RMIC8A9007')], { sub: 'ad', login: 'ad@x' });
const north = actorOf('listInstitutions', [{ role: 'support', institution: null, support: { regions: ['NORD'] } }], {
  sub: 'sn',
  login: 'sn@x',
});

function world(profile = itMiur) {
  const audits: AuditEntry[] = [];
  const institutions = registry();
  const deps: InstitutionDeps = {
    institutions,
    audit: { record: async (e) => void audits.push(e) },
    profile,
    clock: fixedClock('2027-01-10T08:00:00Z'),
  };
  return { deps, audits, institutions };
}

describe('PUT /v1/institutions/{code}', () => {
  it('registers (201), changes nothing on the same body (200, no record), and audits a change with its fields', async () => {
    const { deps, audits, institutions } = world();
    const body = { name: ' I.C.  Via Roma ', city: 'Roma', region: 'LAZIO' };
    expect(await putInstitution('RMIC8A9007', body, operator, deps, 'r1')).toMatchObject({
      status: 201,
      body: { changed: true, institution: { code: 'RMIC8A9007', name: 'I.C. Via Roma', city: 'Roma', region: 'LAZIO' } },
    });
    expect(await putInstitution('RMIC8A9007', body, operator, deps, 'r2')).toMatchObject({ status: 200, body: { changed: false } });
    expect(institutions.writes).toBe(1);
    expect(await putInstitution('RMIC8A9007', { name: 'I.C. Via Roma' }, operator, deps, 'r3')).toMatchObject({
      status: 200,
      body: { changed: true, institution: { city: null, region: null } },
    });
    expect(audits.map((a) => [a.action, a.institution, a.target, a.details?.fields])).toEqual([
      ['institution.registered', 'RMIC8A9007', 'INSTITUTION#RMIC8A9007', ['name', 'city', 'region']],
      ['institution.updated', 'RMIC8A9007', 'INSTITUTION#RMIC8A9007', ['city', 'region']],
    ]);
  });

  it('refuses a code outside the ministry’s shape, a name hiding characters and a region support cannot name', async () => {
    const { deps, institutions } = world();
    await expect(putInstitution('MSK-SCH-1234', { name: 'x', region: 'no spaces!' }, operator, deps, 'r')).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'path.code', code: 'institution_code_format' },
        { field: 'body.region', code: 'region_invalid' },
      ],
    });
    await expect(putInstitution('RMIC8A9007', { name: 'Scuola\u202Egnilaet' }, operator, deps, 'r')).rejects.toMatchObject({
      errors: [{ field: 'body.name', code: 'name_unsafe_characters' }],
    });
    expect(institutions.items.size).toBe(0);
    // Moscow's hyphenated codes are Moscow's shape.
    expect((await putInstitution('MSK-SCH-1234', { name: 'Школа № 1234' }, operator, world(ruMoscow).deps, 'r')).status).toBe(201);
  });
});

describe('GET /v1/institutions', () => {
  it('operators page through all, regional support their regions, everyone else only their own', async () => {
    const { deps } = world();
    for (const [code, region] of [
      ['RMIC8A9007', 'LAZIO'],
      ['MIIC8B1234', 'NORD'],
      ['TOIC8C5678', 'NORD'],
    ] as const) {
      await putInstitution(code, { name: code, region }, operator, deps, 'r');
    }
    const first = await listInstitutions(operator, { limit: 2 }, deps);
    expect(first.items.map((i) => i.code)).toEqual(['MIIC8B1234', 'RMIC8A9007']);
    const second = await listInstitutions(operator, { limit: 2, cursor: first.nextCursor ?? '' }, deps);
    expect(second).toMatchObject({ items: [{ code: 'TOIC8C5678' }], nextCursor: null });
    expect((await listInstitutions(north, { limit: 10 }, deps)).items.map((i) => i.code)).toEqual(['MIIC8B1234', 'TOIC8C5678']);
    expect(await listInstitutions(admin, { limit: 10 }, deps)).toMatchObject({ items: [{ code: 'RMIC8A9007' }], nextCursor: null });
    await expect(listInstitutions(admin, { limit: 10, cursor: first.nextCursor ?? '' }, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ code: 'cursor_invalid' }],
    });
    // A prefix narrows each of them, within what they may see.
    expect((await listInstitutions(operator, { limit: 10, prefix: 'TO' }, deps)).items.map((i) => i.code)).toEqual(['TOIC8C5678']);
    expect((await listInstitutions(north, { limit: 10, prefix: 'RM' }, deps)).items).toEqual([]);
    expect((await listInstitutions(admin, { limit: 10, prefix: 'RM' }, deps)).items.map((i) => i.code)).toEqual(['RMIC8A9007']);
    expect((await listInstitutions(admin, { limit: 10, prefix: 'MI' }, deps)).items).toEqual([]);
  });
});

describe('bulk registration from CSV', () => {
  const csv =
    'Codice meccanografico;Denominazione;Comune;Regione\r\nrmic8a9007;I.C. Via Roma;Roma;LAZIO\r\nMIIC8B1234;I.C. Milano;Milano;NORD\r\n';

  it('registers every row, then changes nothing when sent again; one audit record names what changed', async () => {
    const { deps, audits, institutions } = world();
    expect(await registerInstitutionsCsv(csv, operator, deps, 'r1')).toEqual({ rows: 2, registered: 2, updated: 0, unchanged: 0 });
    expect(institutions.items.get('RMIC8A9007')).toMatchObject({ name: 'I.C. Via Roma', city: 'Roma', region: 'LAZIO' });
    expect(await registerInstitutionsCsv(csv, operator, deps, 'r2')).toEqual({ rows: 2, registered: 0, updated: 0, unchanged: 2 });
    expect(await registerInstitutionsCsv(csv.replace('I.C. Milano', 'I.C. Milano 2'), operator, deps, 'r3')).toMatchObject({ updated: 1 });
    expect(audits.map((a) => [a.action, a.institution, a.details])).toEqual([
      ['institution.bulk-registered', 'none', { registered: ['RMIC8A9007', 'MIIC8B1234'], updated: [] }],
      ['institution.bulk-registered', 'none', { registered: [], updated: ['MIIC8B1234'] }],
    ]);
  });

  it('is all or nothing: every problem of every row is answered and nothing is written', async () => {
    const { deps, institutions } = world();
    const bad = `${csv}MSK-1;Scuola;;\r\nRMIC8A9007;Doppia;;\r\nNAPS0001;;;\r\n`;
    await expect(registerInstitutionsCsv(bad, operator, deps, 'r')).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'rows.3.code', code: 'institution_code_format' },
        { field: 'rows.4.code', code: 'duplicate_in_file' },
        { field: 'rows.5.name', code: 'required' },
      ],
    });
    expect(institutions.items.size).toBe(0);
    await expect(registerInstitutionsCsv('nome;comune\r\nx;y\r\n', operator, deps, 'r')).rejects.toMatchObject({
      errors: [{ field: 'code', code: 'csv_missing_column' }],
    });
  });

  it('takes text/csv only, decodes it as staff files are, and refuses what does not decode', async () => {
    const { deps } = world();
    await expect(
      registerInstitutionsFromUpload({ bytes: Buffer.from(csv), contentType: 'application/json' }, operator, deps, 'r'),
    ).rejects.toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    const latin = encodeLegacy(csv.replace('Via Roma', 'Città'), 'windows-1252');
    expect(await registerInstitutionsFromUpload({ bytes: latin, contentType: 'text/csv' }, operator, deps, 'r')).toMatchObject({
      registered: 2,
    });
    await expect(deps.institutions.get('RMIC8A9007')).resolves.toMatchObject({ name: 'I.C. Città' });
    await expect(
      registerInstitutionsFromUpload(
        { bytes: Uint8Array.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0x81]), contentType: 'text/csv; charset=utf-8' },
        operator,
        deps,
        'r',
      ),
    ).rejects.toMatchObject({ status: 400, errors: [{ code: 'encoding_invalid' }] });
  });
});

describe('unregisteredInstitutionProblems', () => {
  it('one registry read for the distinct codes; a problem for each row naming an unknown one', async () => {
    const asked: string[][] = [];
    const problems = await unregisteredInstitutionProblems(
      [
        { row: 1, institutionCode: 'KNOWN001' },
        { row: 2, institutionCode: 'TYPO0001' },
        { row: 3, institutionCode: 'KNOWN001' },
      ],
      {
        known: async (codes) => {
          asked.push([...codes]);
          return new Set(['KNOWN001']);
        },
      },
    );
    expect(asked).toEqual([['KNOWN001', 'TYPO0001']]);
    expect(problems).toEqual([expect.objectContaining({ row: 2, field: 'institutionCode', code: 'institution_unknown' })]);
  });
});
