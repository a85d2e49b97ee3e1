import type { RowProblem } from './row-problem';

/**
 * What is compared across rows: values as normalized by `validateStaffRow` (or their HMACs). A
 * rejected row gives what it has (`RowKeys`): a value it lacks or got wrong is not compared.
 */
export interface DuplicateKeys {
  row: number;
  nationalId?: string | undefined;
  phone?: string | undefined;
  oldAddress?: string | null | undefined;
}

const FIELDS = ['nationalId', 'phone', 'oldAddress'] as const;

/**
 * Rows of one file that repeat a national identifier, a phone or an old address of an earlier row,
 * whether or not either row has other problems (HR fixes a file in one pass only if every problem
 * of a row is told). The first row keeps its place; every later one gets a `duplicate_in_file` problem per repeated
 * field, naming the first row (never the value: it may be a national identifier). Addresses are
 * compared case-insensitively. Rows are taken in the order given: pass them in file order.
 */
export function findDuplicates(rows: Iterable<DuplicateKeys>): RowProblem[] {
  const firstSeen = { nationalId: new Map<string, number>(), phone: new Map<string, number>(), oldAddress: new Map<string, number>() };
  const problems: RowProblem[] = [];
  for (const r of rows) {
    for (const field of FIELDS) {
      const raw = r[field];
      if (raw === null || raw === undefined || raw === '') continue;
      const key = field === 'oldAddress' ? raw.toLowerCase() : raw;
      const first = firstSeen[field].get(key);
      if (first === undefined) firstSeen[field].set(key, r.row);
      else problems.push({ row: r.row, field, code: 'duplicate_in_file', message: `Same ${field} as row ${first}` });
    }
  }
  return problems;
}
