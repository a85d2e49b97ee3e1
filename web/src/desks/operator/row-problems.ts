import { ApiError } from '../../api/client';
import type { components } from '../../api/schema';

type FieldProblem = NonNullable<components['schemas']['Problem']['errors']>[number];
/** A row problem of the bulk route: `rows.<n>` (the row as a whole) or `rows.<n>.<column>`, n counted from the first row after the header. */
const ROW_FIELD = /^(?:body\.)?rows\.(\d+)(?:\.(.+))?$/;

/**
 * The API's refusal split in two: the row problems (a table: row, column, problem) and the rest,
 * said by `ProblemAlert` (the sentence — "N rows have problems: nothing was registered" — 403,
 * a file that cannot be read, too many rows, 413, 415).
 */
export function rowProblems(error: unknown): { alert: unknown; rows: Array<{ row: number; column?: string; problem: FieldProblem }> } {
  if (!(error instanceof ApiError) || !error.problem?.errors) return { alert: error, rows: [] };
  const rows: Array<{ row: number; column?: string; problem: FieldProblem }> = [];
  const rest: FieldProblem[] = [];
  for (const problem of error.problem.errors) {
    const match = ROW_FIELD.exec(problem.field);
    if (match) rows.push({ row: Number(match[1]), ...(match[2] && { column: match[2] }), problem });
    else rest.push(problem);
  }
  return { alert: new ApiError(error.status, { ...error.problem, errors: rest }), rows };
}
