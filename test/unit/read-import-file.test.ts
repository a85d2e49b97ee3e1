import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../shared/imports/import-job';
import { readImportFile } from '../../shared/imports/read-import-file';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

describe('readImportFile', () => {
  it('numbers the rows of a file at the row limit (a spread Math.max over 200,000 rows overflowed the stack)', () => {
    const line = toCsv([italianRow(0)]).split('\n');
    const csv = [line[0], ...Array.from({ length: IMPORT_LIMITS.maxRows }, () => line[1])].join('\n');
    const file = readImportFile('csv', csv);
    expect(file).toMatchObject({ ok: true, lastRow: IMPORT_LIMITS.maxRows });
    // ~4 s alone; the shared 2-core machine running other suites can triple it.
  }, 30_000);

  it('counts a last row that only has a problem', () => {
    const file = readImportFile('json', JSON.stringify([{ ...italianRow(0) }, 'not an object']));
    expect(file).toMatchObject({ ok: true, lastRow: 2 });
  });
});
