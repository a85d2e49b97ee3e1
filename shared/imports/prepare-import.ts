import type { NationalIdHasher } from '../members/national-id-hash';
import type { Profile } from '../profiles';
import { findDuplicates, type RowProblem, type ValidStaffRow, validateStaffRow } from '../staff';
import type { ImportJob } from './import-job';
import { type ImportFile, readImportFile } from './read-import-file';

/** A row ready to write: validated, not a duplicate in its file, its national ID already hashed. */
export interface PreparedRow {
  member: ValidStaffRow;
  id: ReturnType<NationalIdHasher>;
}

export type PreparedFile = { ok: true; rows: PreparedRow[]; problems: RowProblem[]; lastRow: number } | Extract<ImportFile, { ok: false }>;

/**
 * Reads and validates a whole import file once: every row checked, in-file duplicates dropped
 * (they need every row, which is why this cannot be done chunk by chunk), one HMAC per row.
 */
export function prepareImport(
  job: Pick<ImportJob, 'format' | 'institutionCode'>,
  text: string,
  profile: Profile,
  hash: NationalIdHasher,
): PreparedFile {
  const file = readImportFile(job.format, text);
  if (!file.ok) return file;
  const problems: RowProblem[] = [...file.problems];
  const valid: ValidStaffRow[] = [];
  for (const { row, values } of file.rows) {
    const result = validateStaffRow(values, row, profile);
    if (!result.ok) problems.push(...result.problems);
    else if (job.institutionCode !== null && result.member.institutionCode !== job.institutionCode) {
      problems.push({
        row,
        field: 'institutionCode',
        code: 'institution_out_of_scope',
        message: `This import is limited to institution ${job.institutionCode}`,
      });
    } else valid.push(result.member);
  }
  const duplicates = findDuplicates(valid);
  const duplicateRows = new Set(duplicates.map((d) => d.row));
  const rows = valid.filter((m) => !duplicateRows.has(m.row)).map((member) => ({ member, id: hash(member.nationalId) }));
  return { ok: true, rows, problems: [...problems, ...duplicates], lastRow: file.lastRow };
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
