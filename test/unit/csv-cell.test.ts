import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../shared/exports/csv-cell';

describe('csvCell', () => {
  it('neutralizes formulas, whatever their first character', () => {
    for (const evil of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=x', '\r=x']) expect(csvCell(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('Rossi, Mario')).toBe('"Rossi, Mario"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell("D'Angelo")).toBe("D'Angelo");
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});
