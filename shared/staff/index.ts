// Staff import domain: pure functions, no I/O. See each module for the rules it implements.
export { addressFromName, addressFromOldAddress, allocateAddress, isEmailAddress, nameFragment } from './address';
export { COLUMN_ALIASES, COLUMN_LABELS, canonicalField, columnReader } from './columns';
export {
  type CsvDelimiter,
  CsvFileError,
  type CsvItem,
  type CsvRow,
  csvRecords,
  detectDelimiter,
  type HeaderReading,
  type ParsedCsv,
  parseCsv,
  type RawRecord,
  readCsv,
  StaffCsvReader,
} from './csv';
export { type DuplicateKeys, findDuplicates } from './duplicates';
export { foldLabel } from './fold';
export { type JsonRow, type ParsedJsonRows, parseJsonRows } from './json-rows';
export { foldLogin, foldMemberLogin } from './login';
export { type NationalIdKind, type NationalIdResult, nationalIdLast3, normalizeNationalId, validateNationalId } from './national-id';
export { type PhoneResult, validatePhone } from './phone';
export type { RowProblem } from './row-problem';
export {
  checkStaffRow,
  hasUnsafeNameCharacters,
  REQUIRED_STAFF_FIELDS,
  type RowKeys,
  type RowProfile,
  STAFF_CATEGORIES,
  STAFF_FIELDS,
  type StaffCategory,
  type StaffField,
  type StaffRowResult,
  type StaffRowRules,
  staffRowRules,
  type ValidStaffRow,
  type ValueMapping,
  validateStaffRow,
} from './staff-row';
export { transliterate } from './transliterate';
export { categoryLabels, categoryReader, fileLanguages, languageOfTag, localeReader } from './vocabulary';
