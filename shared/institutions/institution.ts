import type { Profile } from '../profiles/profile-schema';
import type { RowProblem } from '../staff/row-problem';

/**
 * A school (or other institution) of the ministry, as the registry knows it. Its `region` is what
 * regional support agents are scoped by (`shared/auth/scope.ts`). Stored as the
 * `INSTITUTION#<code>`/`META` item.
 */
export interface Institution {
  code: string;
  name: string;
  city: string | null;
  region: string | null;
  registeredAt: string;
  updatedAt: string;
}

/** The fields an operator sets; the rest is Posta's. */
export const INSTITUTION_FIELDS = ['name', 'city', 'region'] as const;
export type InstitutionFields = Pick<Institution, (typeof INSTITUTION_FIELDS)[number]>;

/** Regions are named as support scopes name them (`supportScope.regions`). */
export const REGION = /^[A-Za-z0-9_-]{1,40}$/;
export const INSTITUTION_NAME_MAX = 200;

/** Which institutions are registered: the one question imports and late requests ask. */
export interface InstitutionRegistry {
  /** The codes among `codes` that are registered (one read per hundred codes). */
  known(codes: readonly string[]): Promise<Set<string>>;
}

/** The profile's own code pattern (`staffImport.institutionCodePattern`). */
export function institutionCodeRule(profile: Pick<Profile, 'staffImport'>): RegExp {
  return new RegExp(profile.staffImport.institutionCodePattern, 'u');
}

/**
 * `institution_unknown` for each row naming an institution the registry does not hold: a typo in
 * a code no longer creates a school (issue #13). One registry read for the distinct codes of a
 * whole file; the same function decides for a late request (a file of one row).
 */
export async function unregisteredInstitutionProblems(
  rows: ReadonlyArray<{ row: number; institutionCode: string }>,
  registry: InstitutionRegistry,
): Promise<RowProblem[]> {
  if (rows.length === 0) return [];
  const known = await registry.known([...new Set(rows.map((r) => r.institutionCode))]);
  return rows
    .filter((r) => !known.has(r.institutionCode))
    .map((r) => ({
      row: r.row,
      field: 'institutionCode',
      code: 'institution_unknown',
      message: 'No institution with this code is registered: check the code, or ask an operator to register the institution',
    }));
}
