import type { FieldProblem } from '../errors';

/**
 * One reason one row of an import is rejected. `row` is the 1-based data row (the CSV header is
 * row 0; for JSON, the array index + 1), `field` the canonical field name (e.g. `nationalId`).
 * Messages never repeat the rejected value: it may be a national identifier.
 */
export interface RowProblem extends FieldProblem {
  row: number;
}
