import { describe, expect, it } from 'vitest';
import { decodeImportFile } from '../../shared/imports/decode-file';
import { itMiur } from '../../shared/profiles/it-miur';
import { type CsvItem, parseCsv, readCsv } from '../../shared/staff/csv';
import { parseJsonRows } from '../../shared/staff/json-rows';

const HEADER = 'givenName,familyName,nationalId,phone,institutionCode,category';

describe('parseCsv', () => {
  it('reads a comma file and numbers data rows from 1 (header = row 0)', () => {
    const result = parseCsv(`${HEADER}\nMario,Rossi,RSSMRA80A01H501U,+393471234567,RMIC80000,teacher\n`);
    expect(result).toMatchObject({ ok: true, delimiter: ',', problems: [] });
    if (!result.ok) return;
    expect(result.rows).toEqual([
      {
        row: 1,
        line: 2,
        values: {
          givenName: 'Mario',
          familyName: 'Rossi',
          nationalId: 'RSSMRA80A01H501U',
          phone: '+393471234567',
          institutionCode: 'RMIC80000',
          category: 'teacher',
        },
      },
    ]);
  });

  it('detects semicolons, strips the BOM, handles CRLF and maps snake_case and localized headers', () => {
    const text = '\uFEFFgiven_name;COGNOME;codice_fiscale;Cellulare;institution_code;Categoria;note\r\nMario;Rossi;X;1;C;teacher;a, b\r\n';
    const result = parseCsv(text);
    expect(result).toMatchObject({ ok: true, delimiter: ';', ignoredColumns: ['note'] });
    if (!result.ok) return;
    expect(result.header[0]).toBe('given_name');
    expect(result.rows[0]?.values).toEqual({
      givenName: 'Mario',
      familyName: 'Rossi',
      nationalId: 'X',
      phone: '1',
      institutionCode: 'C',
      category: 'teacher',
    });
  });

  it('reads what Excel saves as "Unicode Text": UTF-16 LE with a byte-order mark, tab-separated', () => {
    // Prepare: the only UTF-16 Excel writes is this format (.txt, tabs, CRLF); a comma inside a field is data.
    const sheet =
      'Nome\tCognome\tCodice fiscale\tCellulare\tCodice meccanografico\tQualifica\r\nNiccolò\tD’Amico, jr\tRSSMRA80A01H501U\t347 123 4567\tRMIC8A9007\tdocente\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheet, 'utf16le')]);
    // Act
    const decoded = decodeImportFile(bytes, 'auto', itMiur);
    const result = decoded.ok ? parseCsv(decoded.text) : undefined;
    // Assess
    expect(result).toMatchObject({ ok: true, delimiter: '\t', problems: [] });
    expect(result?.ok && result.rows[0]?.values).toEqual({
      givenName: 'Niccolò',
      familyName: 'D’Amico, jr',
      nationalId: 'RSSMRA80A01H501U',
      phone: '347 123 4567',
      institutionCode: 'RMIC8A9007',
      category: 'docente',
    });
  });

  it('maps Russian and Turkish headers', () => {
    const ru = parseCsv('Имя;Фамилия;СНИЛС;Телефон;institutionCode;Категория\nИван;Петров;1;2;3;teacher');
    expect(ru.ok && ru.rows[0]?.values.familyName).toBe('Петров');
    const tr = parseCsv('Adı,Soyadı,TCKN,Telefon,Kurum Kodu,Kategori\nŞükrü,Çağlayan,1,2,3,teacher');
    expect(tr.ok && tr.rows[0]?.values).toMatchObject({ givenName: 'Şükrü', institutionCode: '3' });
  });

  it('handles quoted fields with separators, doubled quotes and embedded newlines', () => {
    const text = `${HEADER},oldAddress\n"Anna ""Nina""","D'Angelo, jr","a;b","line1\r\nline2",C,"",x\n"Luca",Bianchi,1,2,3,teacher,\n`;
    const result = parseCsv(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows[0]).toMatchObject({
      row: 1,
      line: 2,
      values: { givenName: 'Anna "Nina"', familyName: "D'Angelo, jr", nationalId: 'a;b', phone: 'line1\r\nline2', category: '' },
    });
    // The quoted line break does not make a new row; the physical line count does move on.
    expect(result.rows[1]).toMatchObject({ row: 2, line: 4, values: { givenName: 'Luca', oldAddress: '' } });
  });

  it('skips blank lines but keeps counting them, and reports rows with the wrong field count', () => {
    const text = `${HEADER}\n\nA,B,1,2,3,teacher\n;;;\nA,B,1\nA,B,1,2,3,teacher,,\nA,B,1,2,3,teacher,extra\n`;
    const result = parseCsv(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.row)).toEqual([2, 5]); // a trailing empty field is tolerated
    expect(result.problems).toEqual([
      { row: 3, field: 'row', code: 'csv_field_count', message: expect.any(String) }, // ";;;" is one field on a comma file
      { row: 4, field: 'row', code: 'csv_field_count', message: expect.any(String) },
      { row: 6, field: 'row', code: 'csv_field_count', message: expect.any(String) },
    ]);
  });

  it('reads a last line without a newline, and bare CR line ends', () => {
    const result = parseCsv(`${HEADER}\rA,B,1,2,3,teacher\rC,D,1,2,3,teacher`);
    expect(result.ok && result.rows.map((r) => [r.row, r.line, r.values.givenName])).toEqual([
      [1, 2, 'A'],
      [2, 3, 'C'],
    ]);
  });

  it('reports missing and duplicated columns as file-level problems', () => {
    const result = parseCsv('givenName,given_name,phone\nA,B,C\n');
    expect(result).toEqual({
      ok: false,
      fileProblems: expect.arrayContaining([
        expect.objectContaining({ field: 'givenName', code: 'csv_duplicate_column' }),
        expect.objectContaining({ field: 'familyName', code: 'csv_missing_column' }),
        expect.objectContaining({ field: 'category', code: 'csv_missing_column' }),
      ]),
      columns: expect.any(Array),
    });
    expect(!result.ok && result.fileProblems).toHaveLength(5);
  });

  it('tells each header the field it was read as, also when a required column is missing (a mapping away)', () => {
    const refused = parseCsv('Nome;Codice Fiscale Dipendente;;Telefono\nA;B;;C\n');
    expect(refused).toMatchObject({
      ok: false,
      columns: [
        { header: 'Nome', field: 'givenName' },
        { header: 'Codice Fiscale Dipendente', field: null },
        { header: 'Telefono', field: 'phone' },
      ],
    });
    const mapped = parseCsv('Nome;Codice Fiscale Dipendente\nA;B\n', (h) => (h === 'Codice Fiscale Dipendente' ? 'nationalId' : undefined));
    expect(!mapped.ok && mapped.columns).toEqual([
      { header: 'Nome', field: null },
      { header: 'Codice Fiscale Dipendente', field: 'nationalId' },
    ]);
    expect(parseCsv('')).not.toHaveProperty('columns');
  });

  it('reports an empty file and an unterminated quote', () => {
    expect(parseCsv('')).toMatchObject({ ok: false, fileProblems: [{ code: 'csv_empty' }] });
    expect(parseCsv('\uFEFF\r\n')).toMatchObject({ ok: false, fileProblems: [{ code: 'csv_empty' }] });
    expect(parseCsv(`${HEADER}\nA,"B,1,2,3,teacher\n`)).toMatchObject({ ok: false, fileProblems: [{ code: 'csv_unterminated_quote' }] });
    const runaway = `${HEADER}\nA,"B,1,2,3,teacher\n${'C,D,1,2,3,teacher\n'.repeat(500)}`;
    expect(parseCsv(runaway)).toMatchObject({ ok: false, fileProblems: [{ code: 'csv_field_too_long' }] });
  });
});

describe('readCsv (streaming)', () => {
  it('gives the same rows whatever the chunk boundaries', async () => {
    const text = `\uFEFFgivenName;familyName;nationalId;phone;institutionCode;category\r\n"A ""x""";"B\r\nC";1;2;3;teacher\r\nD;E;1;2;3;teacher\r\n`;
    const whole = parseCsv(text);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const items: CsvItem[] = [];
      for await (const item of readCsv(chunks)) items.push(item);
      expect(
        items.map((i) => (i.kind === 'row' ? i.row : i.problem)),
        `chunk size ${size}`,
      ).toEqual(whole.ok ? whole.rows : []);
    }
  });

  // Speed is the bench's (figure 4a), not a timed test's: this one checks the count at scale.
  it('parses 100 000 rows', () => {
    const line = 'Mario;Rossi;RSSMRA80A01H501U;+393471234567;RMIC80000;teacher\n';
    const text = `givenName;familyName;nationalId;phone;institutionCode;category\n${line.repeat(100_000)}`;
    const result = parseCsv(text);
    expect(result.ok && result.rows.length).toBe(100_000);
  }, 30_000);
});

describe('parseJsonRows', () => {
  it('canonicalizes keys and numbers rows from 1', () => {
    const result = parseJsonRows([
      { given_name: 'Mario', FamilyName: 'Rossi', phone: 393471234567, other: 1 },
      'x',
      { nome: 'A', givenName: 'B' },
    ]);
    expect(result).toEqual({
      ok: true,
      rows: [{ row: 1, values: { givenName: 'Mario', familyName: 'Rossi', phone: 393471234567 } }],
      problems: [
        { row: 2, field: 'row', code: 'json_row_not_object', message: expect.any(String) },
        { row: 3, field: 'givenName', code: 'duplicate_field', message: expect.any(String) },
      ],
      // Each key once, in the order met, with what it was read as.
      columns: [
        { header: 'given_name', field: 'givenName' },
        { header: 'FamilyName', field: 'familyName' },
        { header: 'phone', field: 'phone' },
        { header: 'other', field: null },
        { header: 'nome', field: 'givenName' },
        { header: 'givenName', field: 'givenName' },
      ],
    });
    expect(parseJsonRows({ rows: [] })).toMatchObject({ ok: false, fileProblems: [{ code: 'json_not_array' }] });
  });
});
