import type { Actor } from '../auth/scope';
import { DomainError, type FieldProblem, PayloadTooLargeError, ValidationError } from '../errors';
import { decodeImportFile } from '../imports/decode-file';
import { CsvFileError, csvRecords, foldLabel } from '../staff';
import type { Institution } from './institution';
import { changedInstitutionFields, cleanedInstitution, type InstitutionDeps, institutionProblems } from './institution-use-cases';

/** One request's worth: a registry of ~70,000 schools is registered in a few requests, each well inside the API's 29 s. */
export const BULK_LIMITS = { maxBytes: 2 * 1024 * 1024, maxRows: 10_000 } as const;

type Column = 'code' | 'name' | 'city' | 'region';

/** Header names of ministry school registries (Italian, Russian, Turkish exports) and English. */
const HEADERS: Readonly<Record<Column, readonly string[]>> = {
  code: [
    'code',
    'institution code',
    'codice',
    'codice meccanografico',
    'codice scuola',
    'код',
    'код учреждения',
    'kod',
    'kurum kodu',
    'okul kodu',
  ],
  name: ['name', 'denominazione', 'denominazione scuola', 'nome', 'наименование', 'название', 'kurum adı', 'okul adı', 'ad'],
  city: ['city', 'comune', 'città', 'город', 'şehir', 'il'],
  region: ['region', 'regione', 'регион', 'округ', 'bölge'],
};
const COLUMN_OF = new Map<string, Column>(
  (Object.entries(HEADERS) as Array<[Column, readonly string[]]>).flatMap(([column, names]) => names.map((n) => [foldLabel(n), column])),
);

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/**
 * `POST /v1/institutions/bulk` (operators): a CSV of the registry (`code`, `name`, `city`,
 * `region`; Italian, Russian and Turkish header names accepted), registered in one call.
 * All or nothing: every problem of every row is answered (400) and nothing is written, so a
 * corrected file is simply sent again; a good file writes only the entries that are new or
 * changed (sending it twice changes nothing) and is audited as one record naming them.
 */
export async function registerInstitutionsCsv(text: string, actor: Actor, deps: InstitutionDeps, requestId: string) {
  let records: Array<{ fields: string[]; line: number }>;
  try {
    records = csvRecords(text).records.filter((r) => !isBlank(r.fields));
  } catch (error) {
    if (error instanceof CsvFileError) throw new ValidationError(error.problems, 'The file cannot be read');
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new ValidationError([{ field: 'file', code: 'csv_empty', message: 'The file has no header line' }]);
  const columns = header.fields.map((name) => COLUMN_OF.get(foldLabel(name)));
  const missing = (['code', 'name'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((c) => ({ field: c, code: 'csv_missing_column', message: `The required column ${c} is missing` })),
      'The file cannot be read',
    );
  }
  if (rows.length > BULK_LIMITS.maxRows) {
    throw new ValidationError([
      { field: 'file', code: 'too_many_rows', message: `At most ${BULK_LIMITS.maxRows} institutions per request: split the file` },
    ]);
  }

  const problems: FieldProblem[] = [];
  const entries: Array<{ code: string; fields: ReturnType<typeof cleanedInstitution> }> = [];
  const firstRow = new Map<string, number>();
  rows.forEach((record, i) => {
    const row = i + 1;
    if (record.fields.length < header.fields.length) {
      problems.push({
        field: `rows.${row}`,
        code: 'csv_field_count',
        message: `The row has ${record.fields.length} fields, the header has ${header.fields.length}`,
      });
      return;
    }
    const value = (column: Column) => {
      const at = columns.indexOf(column);
      return at < 0 ? null : (record.fields[at] ?? '').trim();
    };
    const code = (value('code') ?? '').toUpperCase();
    const fields = cleanedInstitution({ name: value('name') ?? '', city: value('city'), region: value('region') });
    const found = institutionProblems(code, fields, deps.profile, { code: `rows.${row}.code`, fields: `rows.${row}` });
    const first = firstRow.get(code);
    if (first !== undefined) found.push({ field: `rows.${row}.code`, code: 'duplicate_in_file', message: `Same code as row ${first}` });
    else firstRow.set(code, row);
    problems.push(...found);
    if (found.length === 0) entries.push({ code, fields });
  });
  if (problems.length > 0) {
    const rowsWithProblems = new Set(problems.map((p) => p.field.split('.')[1])).size;
    throw new ValidationError(problems.slice(0, 1000), `${rowsWithProblems} rows have problems: nothing was registered`);
  }

  const before = await deps.institutions.getMany(entries.map((e) => e.code));
  const now = deps.clock.now().toISOString();
  const registered: string[] = [];
  const updated: string[] = [];
  const writes: Institution[] = [];
  for (const { code, fields } of entries) {
    const previous = before.get(code) ?? null;
    if (previous && changedInstitutionFields(previous, fields).length === 0) continue;
    (previous ? updated : registered).push(code);
    writes.push({ code, ...fields, registeredAt: previous?.registeredAt || now, updatedAt: now });
  }
  await deps.institutions.saveMany(writes);
  if (writes.length > 0) {
    // One record for the request (the codes it registered or changed), filed like other
    // deployment-wide operator actions: a record per institution would cost a chain append each.
    await deps.audit.record({
      actor: actor.sub,
      role: actor.roles.join(','),
      action: 'institution.bulk-registered',
      target: 'INSTITUTIONS',
      institution: 'none',
      at: deps.clock.now(),
      requestId,
      outcome: 'success',
      details: { registered, updated },
    });
  }
  return { rows: entries.length, registered: registered.length, updated: updated.length, unchanged: entries.length - writes.length };
}

/**
 * The bulk route's body: `text/csv`, at most `BULK_LIMITS.maxBytes`, decoded as staff files are
 * (byte-order mark, else UTF-8, else the profile's Windows code page; a file that does not decode
 * is refused with the line).
 */
export async function registerInstitutionsFromUpload(
  upload: { bytes: Uint8Array | null; contentType: string | null },
  actor: Actor,
  deps: InstitutionDeps,
  requestId: string,
) {
  if (!/^text\/csv\b/i.test(upload.contentType ?? '')) {
    throw new DomainError(415, 'unsupported_media_type', 'Send the registry as a CSV file with content-type text/csv');
  }
  const bytes = upload.bytes ?? new Uint8Array();
  if (bytes.length > BULK_LIMITS.maxBytes) {
    throw new PayloadTooLargeError(`At most ${BULK_LIMITS.maxBytes} bytes per request: split the file`, 'file_too_large');
  }
  const decoded = decodeImportFile(bytes, 'auto', deps.profile);
  if (!decoded.ok) throw new ValidationError([decoded.problem], 'The file cannot be read');
  return registerInstitutionsCsv(decoded.text, actor, deps, requestId);
}
