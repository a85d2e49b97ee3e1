import type { FieldProblem } from '../errors';
import { canonicalField, type HeaderReading, parseCsv, parseJsonRows, type RowProblem, type StaffField } from '../staff';
import type { ImportFormat } from './import-job';

export type ImportFile =
  | {
      ok: true;
      rows: Array<{ row: number; values: Record<string, unknown> }>;
      problems: RowProblem[];
      lastRow: number;
      columns: HeaderReading[];
    }
  /** `columns`: the header as read, when the file got that far. */
  | { ok: false; fileProblems: FieldProblem[]; columns?: HeaderReading[] };

/**
 * Turns an uploaded file's text into numbered rows plus the problems found while reading it.
 * `fieldOf` names the field of each header (CSV) or key (JSON): an import's mapping, else the built-in names.
 */
export function readImportFile(
  format: ImportFormat,
  text: string,
  fieldOf: (header: string) => StaffField | undefined = canonicalField,
): ImportFile {
  let parsed: ReturnType<typeof parseCsv> | ReturnType<typeof parseJsonRows>;
  if (format === 'csv') {
    parsed = parseCsv(text, fieldOf);
  } else {
    let document: unknown;
    try {
      document = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      return { ok: false, fileProblems: [{ field: 'file', code: 'json_malformed', message: 'The file is not valid JSON' }] };
    }
    parsed = parseJsonRows(document, fieldOf);
  }
  if (!parsed.ok) return parsed;
  // A loop, not Math.max(...rows): spreading 200,000 arguments overflows the call stack.
  let lastRow = 0;
  for (const { row } of [...parsed.rows, ...parsed.problems]) if (row > lastRow) lastRow = row;
  return { ok: true, rows: parsed.rows, problems: parsed.problems, lastRow, columns: parsed.columns };
}
