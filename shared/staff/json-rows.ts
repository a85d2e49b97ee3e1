import type { FieldProblem } from '../errors';
import { canonicalField } from './columns';
import type { HeaderReading } from './csv';
import type { RowProblem } from './row-problem';
import type { StaffField } from './staff-row';

/** One JSON element with its keys made canonical; values keep their JSON type for `validateStaffRow`. */
export interface JsonRow {
  row: number;
  values: Partial<Record<StaffField, unknown>>;
}

export type ParsedJsonRows =
  | { ok: true; rows: JsonRow[]; problems: RowProblem[]; columns: HeaderReading[] }
  | { ok: false; fileProblems: FieldProblem[] };

/** Keys reported as `columns`: a JSON file may give every element keys of its own. */
const MAX_KEYS_REPORTED = 60;

/**
 * Reads an already-parsed JSON import: an array of objects whose keys follow the same names and
 * aliases as CSV headers (and the same `mapping.columns`, through `fieldOf`). Row numbers are the
 * array index + 1, so they read like the CSV ones.
 */
export function parseJsonRows(document: unknown, fieldOf: (key: string) => StaffField | undefined = canonicalField): ParsedJsonRows {
  if (!Array.isArray(document)) {
    return {
      ok: false,
      fileProblems: [{ field: 'file', code: 'json_not_array', message: 'The JSON document must be an array of staff rows' }],
    };
  }
  const rows: JsonRow[] = [];
  const problems: RowProblem[] = [];
  const keys = new Map<string, StaffField | null>();
  document.forEach((element: unknown, index) => {
    const row = index + 1;
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      problems.push({ row, field: 'row', code: 'json_row_not_object', message: 'The row must be a JSON object' });
      return;
    }
    const values: Partial<Record<StaffField, unknown>> = {};
    let clash = false;
    for (const [key, value] of Object.entries(element)) {
      const field = fieldOf(key);
      if (keys.size < MAX_KEYS_REPORTED && !keys.has(key)) keys.set(key, field ?? null);
      if (field === undefined) continue;
      if (field in values) {
        problems.push({ row, field, code: 'duplicate_field', message: `Two keys stand for ${field}` });
        clash = true;
      }
      values[field] = value;
    }
    if (!clash) rows.push({ row, values });
  });
  return { ok: true, rows, problems, columns: [...keys].map(([header, field]) => ({ header, field })) };
}
