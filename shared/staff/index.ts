// Staff import domain: pure functions, no I/O. See each module for the rules it implements.
export { addressFromName, addressFromOldAddress, allocateAddress, isEmailAddress, nameFragment } from './address';
export { canonicalField } from './columns';
export {
  type CsvDelimiter,
  CsvFileError,
  type CsvItem,
  type CsvRow,
  detectDelimiter,
  type ParsedCsv,
  parseCsv,
  readCsv,
  StaffCsvReader,
} from './csv';
export { type DuplicateKeys, findDuplicates } from './duplicates';
export { type JsonRow, type ParsedJsonRows, parseJsonRows } from './json-rows';
export { type NationalIdKind, type NationalIdResult, nationalIdLast3, validateNationalId } from './national-id';
export { type PhoneResult, validatePhone } from './phone';
export type { RowProblem } from './row-problem';
export {
  REQUIRED_STAFF_FIELDS,
  STAFF_CATEGORIES,
  STAFF_FIELDS,
  type StaffCategory,
  type StaffField,
  type StaffRowResult,
  type ValidStaffRow,
  validateStaffRow,
} from './staff-row';
export { transliterate } from './transliterate';
