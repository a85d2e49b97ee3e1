/** Machine-readable reasons a national identifier is rejected. */
export type NationalIdErrorCode = 'national_id_format' | 'national_id_checksum' | 'national_id_birth_date';

/**
 * Outcome of validating one national identifier. `normalized` is the canonical form the caller
 * hashes (HMAC) and compares: it is personal data, so it must never be logged or stored in clear.
 */
export type NationalIdResult = { ok: true; normalized: string } | { ok: false; code: NationalIdErrorCode; message: string };

export const invalid = (code: NationalIdErrorCode, message: string): NationalIdResult => ({ ok: false, code, message });
