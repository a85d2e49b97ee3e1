import type { FieldProblem } from '../errors';
import { canonicalField } from './columns';
import type { RowProblem } from './row-problem';
import { REQUIRED_STAFF_FIELDS, type StaffField } from './staff-row';

/**
 * Staff CSV reading: RFC 4180 (quoted fields with embedded separators, doubled quotes and line
 * breaks), UTF-8 with or without BOM, CRLF / LF / CR line ends, `,`, `;` or tab separators.
 *
 * Row numbers: the header is row 0 and data records count from 1. A record is counted even when
 * it is blank and skipped, and a quoted line break does not start a new row, so row N is line
 * N + 1 of the sheet as a spreadsheet shows it. `line` is the physical line where the record starts,
 * for editors.
 */

export type CsvDelimiter = ',' | ';' | '\t';

/** One data record, its values keyed by canonical field name; columns we do not know are dropped. */
export interface CsvRow {
  row: number;
  line: number;
  values: Partial<Record<StaffField, string>>;
}

/** What the reader hands out, in file order: a usable row, or why a record could not be read. */
export type CsvItem = { kind: 'row'; row: CsvRow } | { kind: 'problem'; problem: RowProblem };

/**
 * One header of a file and the field it was read as (`null`: no built-in name or mapping knows it,
 * so its column is ignored), for the person mapping an export's own names (the console's mapping step).
 */
export interface HeaderReading {
  header: string;
  field: StaffField | null;
}

/** The file cannot be read at all (no header, missing column, broken quoting): nothing lands. */
export class CsvFileError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'CsvFileError';
  }
}

/**
 * A field this long means an unterminated quote is swallowing the rest of the file: fail early
 * instead of buffering 100 000 rows into one string.
 */
const MAX_FIELD = 4096;

/**
 * The separator the header uses most outside quotes: `,` (RFC 4180), `;` (Excel's CSV in it/ru/tr
 * locales, whose decimal separator is the comma) or a tab (Excel's "Unicode Text", the one UTF-16
 * file it writes: UTF-16 LE with a byte-order mark, tab-separated). Ties go to `,`, then `;`.
 */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === '\t') tabs++;
  }
  if (tabs > commas && tabs > semicolons) return '\t';
  return semicolons > commas ? ';' : ',';
}

/** One CSV record as written: its fields and the physical line it starts on. */
export interface RawRecord {
  fields: string[];
  line: number;
}

/** Incremental RFC 4180 tokenizer: feed chunks of any size, get complete records back. */
class Tokenizer {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** Saw `"` inside a quoted field: either an escaped quote or the closing one, the next char tells. */
  private quotePending = false;
  private fieldWasQuoted = false;
  private skipLf = false;
  private lastWasCr = false;
  private line = 1;
  private recordLine = 1;

  constructor(private readonly delimiter: CsvDelimiter) {}

  push(chunk: string): RawRecord[] {
    const out: RawRecord[] = [];
    for (const ch of chunk) {
      const afterCr = this.lastWasCr;
      this.lastWasCr = ch === '\r';
      if (this.skipLf) {
        this.skipLf = false;
        if (ch === '\n') continue;
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (ch === '"') {
          this.append('"');
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (ch === '"') this.quotePending = true;
        else {
          if (ch === '\r' || (ch === '\n' && !afterCr)) this.line++;
          this.append(ch);
        }
        continue;
      }
      if (ch === '"' && this.field === '' && !this.fieldWasQuoted) {
        this.inQuotes = true;
        this.fieldWasQuoted = true;
      } else if (ch === this.delimiter) {
        this.endField();
      } else if (ch === '\n' || ch === '\r') {
        this.skipLf = ch === '\r';
        this.line++;
        out.push(this.endRecord());
      } else {
        // Lenient: a quote inside an unquoted field, or text after a closing quote, is kept as is.
        this.append(ch);
      }
    }
    return out;
  }

  end(): RawRecord[] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new CsvFileError([
        { field: 'file', code: 'csv_unterminated_quote', message: `A quoted field opened on line ${this.recordLine} is never closed` },
      ]);
    }
    const hasPending = this.field !== '' || this.fields.length > 0 || this.fieldWasQuoted;
    return hasPending ? [this.endRecord()] : [];
  }

  private append(ch: string): void {
    this.field += ch;
    if (this.field.length > MAX_FIELD) {
      throw new CsvFileError([
        {
          field: 'file',
          code: 'csv_field_too_long',
          message: `A field starting on line ${this.recordLine} is longer than ${MAX_FIELD} characters (is a quote left open?)`,
        },
      ]);
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldWasQuoted = false;
  }

  private endRecord(): RawRecord {
    this.endField();
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.recordLine = this.line;
    return record;
  }
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/**
 * Streaming staff CSV reader: `push` text chunks as they arrive (e.g. from an S3 body through
 * `TextDecoderStream`), then `end`. Throws CsvFileError for file-level problems.
 */
export class StaffCsvReader {
  /** How headers become fields: the built-in names, or an import's `mapping.columns` first (`columnReader`). */
  constructor(private readonly fieldOf: (header: string) => StaffField | undefined = canonicalField) {}

  private tokenizer: Tokenizer | undefined;
  private started = false;
  private pendingHeader = '';
  private columns: Array<StaffField | undefined> = [];
  private rowNumber = 0;
  header: string[] = [];
  ignoredColumns: string[] = [];
  delimiter: CsvDelimiter = ',';

  push(chunk: string): CsvItem[] {
    let text = chunk;
    if (!this.started) {
      this.started = true;
      text = text.replace(/^\uFEFF/, '');
    }
    if (!this.tokenizer) {
      // The separator is chosen from the header line, so buffer until it is complete.
      this.pendingHeader += text;
      const eol = this.pendingHeader.search(/[\r\n]/);
      if (eol < 0) return [];
      this.delimiter = detectDelimiter(this.pendingHeader.slice(0, eol));
      this.tokenizer = new Tokenizer(this.delimiter);
      text = this.pendingHeader;
      this.pendingHeader = '';
    }
    return this.handle(this.tokenizer.push(text));
  }

  end(): CsvItem[] {
    if (!this.tokenizer) {
      this.delimiter = detectDelimiter(this.pendingHeader);
      this.tokenizer = new Tokenizer(this.delimiter);
      const items = this.handle(this.tokenizer.push(this.pendingHeader));
      this.pendingHeader = '';
      return [...items, ...this.handle(this.tokenizer.end()), ...this.finish()];
    }
    return [...this.handle(this.tokenizer.end()), ...this.finish()];
  }

  private finish(): CsvItem[] {
    if (this.header.length === 0) throw new CsvFileError([{ field: 'file', code: 'csv_empty', message: 'The file has no header line' }]);
    return [];
  }

  private handle(records: RawRecord[]): CsvItem[] {
    const items: CsvItem[] = [];
    for (const record of records) {
      if (this.header.length === 0) {
        if (isBlank(record.fields)) continue; // blank lines before the header
        this.readHeader(record.fields);
        continue;
      }
      this.rowNumber++;
      if (isBlank(record.fields)) continue;
      const item = this.toItem(record);
      items.push(item);
    }
    return items;
  }

  /** Each non-blank header and what it was read as; empty until the header line is read. */
  get columnsRead(): HeaderReading[] {
    return this.header.flatMap((header, i) => (header === '' ? [] : [{ header, field: this.columns[i] ?? null }]));
  }

  private readHeader(fields: string[]): void {
    this.header = fields.map((f) => f.trim());
    const problems: FieldProblem[] = [];
    const seen = new Set<StaffField>();
    this.columns = this.header.map((name) => {
      const field = this.fieldOf(name);
      if (field === undefined) {
        if (name !== '') this.ignoredColumns.push(name);
        return undefined;
      }
      if (seen.has(field)) {
        problems.push({ field, code: 'csv_duplicate_column', message: `Two columns stand for ${field}` });
      }
      seen.add(field);
      return field;
    });
    for (const field of REQUIRED_STAFF_FIELDS) {
      if (!seen.has(field)) problems.push({ field, code: 'csv_missing_column', message: `The required column ${field} is missing` });
    }
    if (problems.length > 0) throw new CsvFileError(problems);
  }

  private toItem(record: RawRecord): CsvItem {
    const { fields } = record;
    // A trailing separator (extra empty fields) is common in exports and harmless.
    const extra = fields.slice(this.header.length);
    if (fields.length < this.header.length || !isBlank(extra)) {
      return {
        kind: 'problem',
        problem: {
          row: this.rowNumber,
          field: 'row',
          code: 'csv_field_count',
          message: `The row has ${fields.length} fields, the header has ${this.header.length}`,
        },
      };
    }
    const values: Partial<Record<StaffField, string>> = {};
    this.columns.forEach((field, i) => {
      if (field !== undefined) values[field] = fields[i] ?? '';
    });
    return { kind: 'row', row: { row: this.rowNumber, line: record.line, values } };
  }
}

export type ParsedCsv =
  | {
      ok: true;
      delimiter: CsvDelimiter;
      header: string[];
      ignoredColumns: string[];
      columns: HeaderReading[];
      rows: CsvRow[];
      problems: RowProblem[];
    }
  /** `columns`: the header as read, when the file got that far (a missing column is a mapping away). */
  | { ok: false; fileProblems: FieldProblem[]; columns?: HeaderReading[] };

/** Parses a whole staff CSV held in memory (a 100 000-row file is ~15 MB: fine for one Lambda). */
export function parseCsv(text: string, fieldOf?: (header: string) => StaffField | undefined): ParsedCsv {
  const reader = new StaffCsvReader(fieldOf);
  try {
    const items = [...reader.push(text), ...reader.end()];
    const rows: CsvRow[] = [];
    const problems: RowProblem[] = [];
    for (const item of items) {
      if (item.kind === 'row') rows.push(item.row);
      else problems.push(item.problem);
    }
    return {
      ok: true,
      delimiter: reader.delimiter,
      header: reader.header,
      ignoredColumns: reader.ignoredColumns,
      columns: reader.columnsRead,
      rows,
      problems,
    };
  } catch (error) {
    if (error instanceof CsvFileError) {
      const columns = reader.columnsRead;
      return columns.length > 0 ? { ok: false, fileProblems: error.problems, columns } : { ok: false, fileProblems: error.problems };
    }
    throw error;
  }
}

/** Reads a staff CSV from a stream of text chunks; throws CsvFileError on file-level problems. */
export async function* readCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvItem> {
  const reader = new StaffCsvReader();
  for await (const chunk of chunks) yield* reader.push(chunk);
  yield* reader.end();
}

/**
 * Every record of a small CSV held in memory (any columns: the institution registry's bulk file),
 * with the separator chosen from the first line as for staff files. Throws CsvFileError on an
 * unterminated quote or a runaway field.
 */
export function csvRecords(text: string): { delimiter: CsvDelimiter; records: RawRecord[] } {
  const body = text.replace(/^\uFEFF/, '');
  const eol = body.search(/[\r\n]/);
  const delimiter = detectDelimiter(eol < 0 ? body : body.slice(0, eol));
  const tokenizer = new Tokenizer(delimiter);
  const records = [...tokenizer.push(body), ...tokenizer.end()];
  return { delimiter, records };
}
