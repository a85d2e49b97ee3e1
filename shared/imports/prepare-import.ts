import { type InstitutionRegistry, unregisteredInstitutionProblems } from '../institutions/institution';
import type { NationalIdHasher } from '../members/national-id-hash';
import { type PhoneFinding, refusedRowFinding } from '../phone-updates/phone-update';
import type { Profile } from '../profiles';
import {
  checkStaffRow,
  columnReader,
  type DuplicateKeys,
  findDuplicates,
  type RowKeys,
  type RowProblem,
  staffRowRules,
  type ValidStaffRow,
} from '../staff';
import { decodeImportFile } from './decode-file';
import { type FileReading, type ImportJob, MAX_UNKNOWN_LABELS } from './import-job';
import { type ImportFile, readImportFile } from './read-import-file';

/** A row ready to write: validated, not a duplicate in its file, its national ID already hashed. */
export interface PreparedRow {
  member: ValidStaffRow;
  id: ReturnType<NationalIdHasher>;
}

export type PreparedFile =
  | {
      ok: true;
      rows: PreparedRow[];
      problems: RowProblem[];
      lastRow: number;
      decodedAs: string;
      /** What the refused rows say about phones, for the phone-update list (accepted rows: `validRowFinding`). */
      phones: PhoneFinding[];
      reading: FileReading;
    }
  | Extract<ImportFile, { ok: false }>;

export interface PrepareDeps {
  profile: Profile;
  hash: NationalIdHasher;
  institutions: InstitutionRegistry;
}

/**
 * Reads and validates a whole import file once: decoded (its encoding detected or as given),
 * read with the job's mapping, every row checked, rows outside the job's institution or naming an
 * unregistered one refused, in-file repeats found among all rows (they need every row, which is
 * why this cannot be done chunk by chunk), one HMAC per good row. Every problem of a row is
 * reported: a row with a bad phone that also repeats a national ID is told both.
 */
export async function prepareImport(
  job: Pick<ImportJob, 'format' | 'institutionCode' | 'encoding' | 'mapping'>,
  bytes: Uint8Array,
  deps: PrepareDeps,
): Promise<PreparedFile> {
  const decoded = decodeImportFile(bytes, job.encoding, deps.profile);
  if (!decoded.ok) return { ok: false, fileProblems: [decoded.problem] };
  const file = readImportFile(job.format, decoded.text, columnReader(job.mapping?.columns));
  if (!file.ok) return file;
  // Mapping and vocabularies are prepared here, once per file; the loop below is the per-row path.
  const rules = staffRowRules(deps.profile, job.mapping?.values);
  const rowProblems: RowProblem[] = [];
  const valid: ValidStaffRow[] = [];
  const keys: DuplicateKeys[] = [];
  const named: Array<{ row: number; institutionCode: string }> = [];
  const institutionProblems: RowProblem[] = [];
  const refusedRows: Array<{ row: number; problems: RowProblem[]; keys: RowKeys }> = [];
  const unknownLabels = { category: new Set<string>(), locale: new Set<string>() };
  for (const { row, values } of file.rows) {
    const result = checkStaffRow(values, row, rules);
    for (const field of ['category', 'locale'] as const) {
      const label = typeof values[field] === 'string' ? values[field].trim() : '';
      const known = unknownLabels[field];
      if (label !== '' && known.size < MAX_UNKNOWN_LABELS && !known.has(label) && rules[field](label) === undefined) known.add(label);
    }
    const institutionCode = result.ok ? result.member.institutionCode : result.keys.institutionCode;
    if (result.ok) {
      valid.push(result.member);
      keys.push(result.member);
    } else {
      rowProblems.push(...result.problems);
      keys.push({ row, ...result.keys });
      refusedRows.push({ row, ...result });
    }
    if (institutionCode === undefined) continue;
    if (job.institutionCode !== null && institutionCode !== job.institutionCode) {
      institutionProblems.push({
        row,
        field: 'institutionCode',
        code: 'institution_out_of_scope',
        message: `This import is limited to institution ${job.institutionCode}`,
      });
    } else named.push({ row, institutionCode });
  }
  institutionProblems.push(...(await unregisteredInstitutionProblems(named, deps.institutions)));
  const duplicates = findDuplicates(keys);
  const problems = [...file.problems, ...rowProblems, ...institutionProblems, ...duplicates];
  const refused = new Set([...institutionProblems, ...duplicates].map((p) => p.row));
  const rows = valid.filter((m) => !refused.has(m.row)).map((member) => ({ member, id: deps.hash(member.nationalId) }));
  // Rows outside the job's reach or naming an unregistered institution have no list to be on; a
  // row repeating another's national ID is ambiguous about whose phone it gives.
  const noList = new Set([...institutionProblems, ...duplicates.filter((p) => p.field === 'nationalId')].map((p) => p.row));
  const phones = [
    ...refusedRows,
    ...valid.filter((m) => refused.has(m.row)).map((m) => ({ row: m.row, problems: [], keys: m as RowKeys })),
  ].flatMap(({ row, problems: own, keys: k }) => {
    const { institutionCode } = k;
    if (noList.has(row) || institutionCode === undefined) return [];
    return refusedRowFinding(row, own, { ...k, institutionCode }, deps.hash, deps.profile.defaultLocale) ?? [];
  });
  const reading = { columns: file.columns, unknownLabels: { category: [...unknownLabels.category], locale: [...unknownLabels.locale] } };
  return { ok: true, rows, problems, lastRow: file.lastRow, decodedAs: decoded.decodedAs, phones, reading };
}

/**
 * The last file a consumer instance prepared, kept for the job's next chunk. Chunks of a job
 * follow one another (each queues the next), so they mostly land on the same warm instance,
 * which then validates a 100,000-row file once instead of once per chunk (~2 s each); an
 * instance that did not see the job prepares it again — same file, same result.
 */
export function lastPreparedFile() {
  let kept: { jobId: string; file: PreparedFile } | null = null;
  return {
    get: (jobId: string) => (kept?.jobId === jobId ? kept.file : null),
    keep(jobId: string, file: PreparedFile) {
      kept = { jobId, file };
    },
  };
}
export type PreparedFiles = ReturnType<typeof lastPreparedFile>;
