import { STAFF_FIELDS } from '../../shared/staff';
import { codiceFiscaleCheckChar } from '../../shared/staff/national-id/codice-fiscale';

const GIVEN = ['Mario', 'Giulia', 'Luca', 'Francesca', 'Marco', 'Chiara', 'Andrea', 'Sara', 'Paolo', 'Elena'];
const FAMILY = ['Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A valid, unique codice fiscale for index i (letters encode i; the date is always valid). */
export function codiceFiscale(i: number): string {
  let n = i;
  let name = '';
  for (let k = 0; k < 6; k++) {
    name += LETTERS[n % 26];
    n = Math.floor(n / 26);
  }
  const first15 = `${name}80A${String((i % 28) + 1).padStart(2, '0')}H501`;
  return first15 + codiceFiscaleCheckChar(first15);
}

/** An Italian mobile number, unique for i. */
export const italianMobile = (i: number) => `+39347${String(1_000_000 + i).padStart(7, '0')}`;

export interface StaffRow {
  givenName: string;
  familyName: string;
  nationalId: string;
  phone: string;
  institutionCode: string;
  category: string;
  oldAddress: string;
  alternateEmail: string;
  locale: string;
}

export function italianRow(i: number, institutionCode = 'DEMO001'): StaffRow {
  const givenName = GIVEN[i % GIVEN.length] as string;
  const familyName = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length] as string;
  return {
    givenName,
    familyName,
    nationalId: codiceFiscale(i),
    phone: italianMobile(i),
    institutionCode,
    category: i % 5 === 0 ? 'administrative-technical' : 'teacher',
    oldAddress: `${givenName.toLowerCase()}.${familyName.toLowerCase()}${i}@istruzione.it`,
    alternateEmail: '',
    locale: i % 10 === 0 ? 'en' : 'it',
  };
}

// The canonical import columns, in the order the validator reports them.
const COLUMNS: readonly (keyof StaffRow)[] = STAFF_FIELDS;

/** A `;`-separated CSV (the Italian spreadsheet habit), with a BOM and CRLF line ends. */
export function toCsv(rows: StaffRow[]): string {
  const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\uFEFF${[COLUMNS.join(';'), ...rows.map((r) => COLUMNS.map((c) => quote(r[c])).join(';'))].join('\r\n')}\r\n`;
}
