import type { Profile } from '../../profiles/profile-schema';
import { validateCodiceFiscale } from './codice-fiscale';
import type { NationalIdResult } from './result';
import { validateSnils } from './snils';
import { validateTckn } from './tckn';

export { type NationalIdErrorCode, type NationalIdResult, normalizeNationalId } from './result';
export type NationalIdKind = Profile['nationalIdKind'];

const VALIDATORS: Record<NationalIdKind, (raw: string) => NationalIdResult> = {
  'codice-fiscale': validateCodiceFiscale,
  snils: validateSnils,
  tckn: validateTckn,
};

/** Validates and normalizes a national identifier of the kind the deployment's profile names. */
export function validateNationalId(kind: NationalIdKind, raw: string): NationalIdResult {
  return VALIDATORS[kind](raw);
}

/**
 * The only part of a national identifier that may be shown or stored in clear (e.g. "…01U" in the
 * console), so an operator can tell two people apart without the number being exposed.
 */
export function nationalIdLast3(normalized: string): string {
  return normalized.slice(-3);
}
