import { csvLine } from '../exports/csv-cell';
import type { RowProblem } from '../staff';

/**
 * An import's problems as CSV for the HR person fixing the file (UTF-8 with BOM so spreadsheets
 * open it as such; cells formula-safe, `shared/exports`): row, field, code, message — never the
 * rejected value, which may be a national ID.
 */
export function problemsCsv(problems: readonly RowProblem[]): string {
  return `\uFEFF${csvLine(['row', 'field', 'code', 'message'])}${problems.map((p) => csvLine([p.row, p.field, p.code, p.message])).join('')}`;
}
