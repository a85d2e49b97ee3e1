import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { rowProblems } from '../src/desks/operator/row-problems';

const refused = (errors: Array<{ field: string; code: string; message: string; detail?: string }>) =>
  new ApiError(400, {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    code: 'validation_failed',
    detail: '2 righe con problemi',
    errors,
  });

describe('the bulk registry’s refusal, split for the page', () => {
  it('row problems go to the table (row counted after the header, the column or the whole row); the rest stays for ProblemAlert', () => {
    const { alert, rows } = rowProblems(
      refused([
        { field: 'rows.2.name', code: 'required', message: 'name is required', detail: 'Campo obbligatorio.' },
        { field: 'rows.5', code: 'csv_field_count', message: 'The row has 2 fields, the header has 4' },
        { field: 'code', code: 'csv_missing_column', message: 'The required column code is missing' },
      ]),
    );
    expect(rows.map((r) => [r.row, r.column, r.problem.detail ?? r.problem.message])).toEqual([
      [2, 'name', 'Campo obbligatorio.'],
      [5, undefined, 'The row has 2 fields, the header has 4'],
    ]);
    expect(alert).toBeInstanceOf(ApiError);
    expect((alert as ApiError).status).toBe(400);
    expect((alert as ApiError).problem?.detail).toBe('2 righe con problemi');
    expect((alert as ApiError).problem?.errors?.map((e) => e.field)).toEqual(['code']);
  });

  it('anything else (403, 415, a network failure) is ProblemAlert’s alone', () => {
    const forbidden = new ApiError(403, { type: 'about:blank', title: 'Forbidden', status: 403, code: 'role_not_allowed' });
    expect(rowProblems(forbidden)).toEqual({ alert: forbidden, rows: [] });
    const offline = new TypeError('fetch failed');
    expect(rowProblems(offline)).toEqual({ alert: offline, rows: [] });
    expect(rowProblems(undefined)).toEqual({ alert: undefined, rows: [] });
  });
});
