import { STAFF_FIELDS } from '../../shared/staff';
import { codiceFiscaleCheckChar } from '../../shared/staff/national-id/codice-fiscale';
import { snilsControlNumber } from '../../shared/staff/national-id/snils';
import { tcknCheckDigits } from '../../shared/staff/national-id/tckn';

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

/**
 * A valid Italian row, the same for the same `i`. Integration files share one it-miur stack, so
 * each takes its own range of `i` (same `i` = same person): staff-import 0–9k, lots 20k–40k,
 * delivery-events 41k, sign-in-triggers 42k, forwarding 43k, password-reset 46k, support-desk 47k,
 * mailing-groups 48k, reports 49k, audit-queries 53k, import-resume 60,000–60,100, redrive 60,200, late-requests 71k, activation 84k (+ stranger 84,050), authorization 86,400–86,450, console 88k (and 89,001–89,010: its alternate-email members and its school admin), lookups 91,000–91,003, alternate-email 91,701–91,702, job-command 92k, console-operator 93,000–93,003 (and 93,010–93,011: its resumed import), migration-flow 100k+, activation-strangers 130k, late-request-strangers 140k, channel-change 150k (each public-SMS test in a block of 10,000 phone numbers of its own: the per-prefix limit counts such blocks), import-hr-files 160k, phone-updates 170k, staff-messages 175k, forged-cursors 180k, support-code-queue 190k, progress-history 240k. Files that start a stack of their
 * own (tr-meb, ru-moscow) share nobody's data; for the record: delegated-reset turkishRow 500–501,
 * reset-race russianRow 600, activation russianRow/turkishRow 60–63 and 110, console russianRow/turkishRow 700–701, console-operator turkishRow 800–802 and russianRow 720–724.
 */
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

/**
 * A valid, unique SNILS for index i, written `123-456-789 01` as Russian HR exports do: consecutive
 * numbers above the legacy range, so some carry the same digit three times in a row, as real ones do.
 */
export function snils(i: number): string {
  const nine = String(201_345_678 + i);
  return `${nine.slice(0, 3)}-${nine.slice(3, 6)}-${nine.slice(6)} ${snilsControlNumber(nine)}`;
}

/** A valid, unique T.C. Kimlik No for index i. */
export function tckn(i: number): string {
  const nine = String(100_000_000 + i * 7);
  return nine + tcknCheckDigits(nine);
}

/** A Moscow mobile (MTS 916), E.164, unique for i. */
export const russianMobile = (i: number) => `+7916${String(1_000_000 + i).padStart(7, '0')}`;
/** A Turkish mobile (Turkcell 532), E.164, unique for i. */
export const turkishMobile = (i: number) => `+90532${String(1_000_000 + i).padStart(7, '0')}`;

/**
 * Names with the mailbox fragment the documented romanization must give: ICAO Doc 9303 for
 * Cyrillic (щ shch, ю iu, я ia, х kh, й i, ь dropped, ъ ie, ё e), Turkish letters folded
 * (ç c, ğ g, ı i, İ i, ö o, ş s, ü u). Written out by hand so the tests do not trust the code they check.
 */
export const RUSSIAN_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['Юлия', 'iuliia'],
  ['Алексей', 'aleksei'],
  ['Наталья', 'natalia'],
  ['Сергей', 'sergei'],
  ['Ксения', 'kseniia'],
  ['Дмитрий', 'dmitrii'],
  ['Пётр', 'petr'],
  ['Анастасия', 'anastasiia'],
  ['Михаил', 'mikhail'],
  ['Татьяна', 'tatiana'],
];
export const RUSSIAN_FAMILY: ReadonlyArray<readonly [string, string]> = [
  ['Щукина', 'shchukina'],
  ['Жуков', 'zhukov'],
  ['Цветаева', 'tsvetaeva'],
  ['Хрущёв', 'khrushchev'],
  ['Объедков', 'obieedkov'],
  ['Чайковский', 'chaikovskii'],
  ['Шишкин', 'shishkin'],
  ['Юсупова', 'iusupova'],
  ['Рыжов', 'ryzhov'],
  ['Эйзенштейн', 'eizenshtein'],
];
export const TURKISH_GIVEN: ReadonlyArray<readonly [string, string]> = [
  ['Çağrı', 'cagri'],
  ['Şükrü', 'sukru'],
  ['İsmail', 'ismail'],
  ['Gülşen', 'gulsen'],
  ['Ömer', 'omer'],
  ['Ayşe', 'ayse'],
  ['Işıl', 'isil'],
  ['Müge', 'muge'],
  ['Doğan', 'dogan'],
  ['Ülkü', 'ulku'],
];
export const TURKISH_FAMILY: ReadonlyArray<readonly [string, string]> = [
  ['Öztürk', 'ozturk'],
  ['Işık', 'isik'],
  ['Güneş', 'gunes'],
  ['Çelik', 'celik'],
  ['Şahin', 'sahin'],
  ['Yıldız', 'yildiz'],
  ['Aydın', 'aydin'],
  ['Kılıç', 'kilic'],
  ['Doğru', 'dogru'],
  ['Erdoğan', 'erdogan'],
];

/**
 * A row whose address is built from the names (no old address), with an alternate email for the
 * notice. Rows 0–99 have distinct name pairs, so their mailbox is exactly `given.family@domain`
 * (later rows repeat pairs and get numeric suffixes).
 */
function namedRow(
  i: number,
  names: { given: ReadonlyArray<readonly [string, string]>; family: ReadonlyArray<readonly [string, string]> },
  values: Pick<StaffRow, 'nationalId' | 'phone' | 'locale' | 'institutionCode'>,
  emailDomain: string,
): StaffRow & { latinLocal: string } {
  const [givenName, givenLatin] = names.given[i % names.given.length] as readonly [string, string];
  const [familyName, familyLatin] = names.family[Math.floor(i / names.given.length) % names.family.length] as readonly [string, string];
  return {
    givenName,
    familyName,
    category: i % 5 === 0 ? 'administrative-technical' : 'teacher',
    oldAddress: '',
    alternateEmail: `${givenLatin}.${familyLatin}.${i}@${emailDomain}`,
    ...values,
    latinLocal: `${givenLatin}.${familyLatin}`,
  };
}

/** A Moscow staff row: Cyrillic names, SNILS, a Moscow mobile, Russian (every tenth English). */
export function russianRow(i: number, institutionCode = 'DEMO001') {
  return namedRow(
    i,
    { given: RUSSIAN_GIVEN, family: RUSSIAN_FAMILY },
    { nationalId: snils(i), phone: russianMobile(i), locale: i % 10 === 3 ? 'en' : 'ru', institutionCode },
    'example.ru',
  );
}

/** A Turkish staff row: Turkish names, T.C. Kimlik No, a Turkish mobile, Turkish (every tenth English). */
export function turkishRow(i: number, institutionCode = 'DEMO001') {
  return namedRow(
    i,
    { given: TURKISH_GIVEN, family: TURKISH_FAMILY },
    { nationalId: tckn(i), phone: turkishMobile(i), locale: i % 10 === 3 ? 'en' : 'tr', institutionCode },
    'example.com.tr',
  );
}
