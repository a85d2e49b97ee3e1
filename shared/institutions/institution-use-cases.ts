import type { AuditLog } from '../audit/audit-log';
import { grantsFor } from '../auth/policy';
import { type Actor, institutionsOf, mayActEverywhere } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, type FieldProblem, ValidationError } from '../errors';
import type { Profile } from '../profiles/profile-schema';
import { hasUnsafeNameCharacters } from '../staff';
import {
  INSTITUTION_FIELDS,
  INSTITUTION_NAME_MAX,
  type Institution,
  type InstitutionFields,
  institutionCodeRule,
  REGION,
} from './institution';
import type { InstitutionStore } from './institution-store';

export interface InstitutionDeps {
  institutions: InstitutionStore;
  audit: AuditLog;
  profile: Pick<Profile, 'staffImport'>;
  clock: Clock;
}

/** The registry entry as the API shows it. */
export const institutionView = (i: Institution) => ({
  code: i.code,
  name: i.name,
  city: i.city,
  region: i.region,
  registeredAt: i.registeredAt || null,
  updatedAt: i.updatedAt || null,
});

/**
 * What is wrong with one entry (code of this ministry's shape, a name without hidden characters,
 * a region as support scopes name them); `where` prefixes each field (`path`, `rows.12`).
 */
export function institutionProblems(
  code: string,
  fields: { name?: string | null; city?: string | null; region?: string | null },
  profile: Pick<Profile, 'staffImport'>,
  where: { code: string; fields: string },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!institutionCodeRule(profile).test(code)) {
    problems.push({
      field: where.code,
      code: 'institution_code_format',
      message: `Not an institution code of this ministry (they look like ${profile.staffImport.institutionCodeExample})`,
    });
  }
  for (const field of ['name', 'city'] as const) {
    const value = fields[field];
    if (field === 'name' && !value) problems.push({ field: `${where.fields}.name`, code: 'required', message: 'name is required' });
    else if (value && value.length > INSTITUTION_NAME_MAX) {
      problems.push({
        field: `${where.fields}.${field}`,
        code: 'too_long',
        message: `${field} must be at most ${INSTITUTION_NAME_MAX} characters`,
      });
    } else if (value && hasUnsafeNameCharacters(value)) {
      problems.push({
        field: `${where.fields}.${field}`,
        code: 'name_unsafe_characters',
        message: `${field} contains control, bidirectional-override or zero-width characters`,
      });
    }
  }
  if (fields.region && !REGION.test(fields.region)) {
    problems.push({ field: `${where.fields}.region`, code: 'region_invalid', message: 'region must be 1–40 letters, digits, _ or -' });
  }
  return problems;
}

/** Trimmed, with empty optional values as null: what is compared and stored. */
export function cleanedInstitution(input: {
  name: string;
  city?: string | null | undefined;
  region?: string | null | undefined;
}): InstitutionFields {
  const opt = (v: string | null | undefined) => v?.trim().replace(/\s+/g, ' ') || null;
  return { name: input.name.trim().replace(/\s+/g, ' '), city: opt(input.city), region: opt(input.region) };
}

export const changedInstitutionFields = (before: Institution | null, after: InstitutionFields) =>
  INSTITUTION_FIELDS.filter((f) => (before?.[f] ?? null) !== after[f]);

/**
 * `PUT /v1/institutions/{code}` (operators): registers the institution or replaces its name, city
 * and region (absent optional fields are cleared, as a PUT replaces). The same body twice changes
 * nothing and records nothing; a registration or change is audited with the names of the fields
 * that changed, in the institution's own trail.
 */
export async function putInstitution(
  code: string,
  input: { name: string; city?: string | null | undefined; region?: string | null | undefined },
  actor: Actor,
  deps: InstitutionDeps,
  requestId: string,
) {
  const fields = cleanedInstitution(input);
  const problems = institutionProblems(code, fields, deps.profile, { code: 'path.code', fields: 'body' });
  if (problems.length > 0) throw new ValidationError(problems);
  // Two attempts: a concurrent write between our read and write is read again once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const before = await deps.institutions.get(code);
    const changed = changedInstitutionFields(before, fields);
    if (before && changed.length === 0) return { status: 200, body: { institution: institutionView(before), changed: false } };
    const now = deps.clock.now().toISOString();
    const after: Institution = { code, ...fields, registeredAt: before?.registeredAt || now, updatedAt: now };
    if (!(await deps.institutions.save(after, before))) continue;
    await deps.audit.record({
      actor: actor.sub,
      role: actor.roles.join(','),
      action: before ? 'institution.updated' : 'institution.registered',
      target: `INSTITUTION#${code}`,
      institution: code,
      at: deps.clock.now(),
      requestId,
      outcome: 'success',
      details: { fields: changed },
    });
    return { status: before ? 200 : 201, body: { institution: institutionView(after), changed: true } };
  }
  throw new ConflictError('The institution was changed by someone else at the same time: try again', 'institution_changed');
}

/**
 * `GET /v1/institutions`: operators, auditors and deployment-wide support agents see the whole registry,
 * regional support agents the institutions of their regions, everyone else only their own
 * institution(s) — decided from the server-side scope, never from the request. `prefix` narrows
 * any of them to the codes starting with it (a picker asks as the user types).
 */
export async function listInstitutions(
  actor: Actor,
  query: { limit: number; cursor?: string | undefined; prefix?: string | undefined },
  deps: Pick<InstitutionDeps, 'institutions'>,
) {
  if (mayActEverywhere(actor)) {
    const page = await deps.institutions.list(query.limit, query.cursor, undefined, query.prefix);
    return { items: page.items.map(institutionView), nextCursor: page.nextCursor };
  }
  const regions = supportRegions(actor);
  if (regions.length > 0) {
    const page = await deps.institutions.list(query.limit, query.cursor, regions, query.prefix);
    return { items: page.items.map(institutionView), nextCursor: page.nextCursor };
  }
  // One's own institution(s): a page of its own, never a cursor.
  const own = ownInstitutions(actor).filter((code) => code.startsWith(query.prefix ?? ''));
  if (query.cursor !== undefined) {
    throw new ValidationError([{ field: 'query.cursor', code: 'cursor_invalid', message: 'The cursor is not one this API returned' }]);
  }
  const found = await deps.institutions.getMany(own);
  return { items: own.flatMap((code) => found.get(code) ?? []).map(institutionView), nextCursor: null };
}

/** The institutions a caller holds this route's roles in, from the role store. */
const ownInstitutions = (actor: Actor): string[] => institutionsOf(actor);

/** The regions a regional support agent reaches through this route (none for everyone else). */
function supportRegions(actor: Actor): string[] {
  return [
    ...new Set(
      grantsFor(actor, actor.action).flatMap((g) => (g.role === 'support' && typeof g.support === 'object' ? g.support.regions : [])),
    ),
  ];
}
