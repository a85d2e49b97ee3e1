import type { AuditLog } from '../audit/audit-log';
import { type Actor, actingInstitution, type InstitutionRegions, mayActOnInstitutionIn } from '../auth/scope';
import type { Clock } from '../clock';
import { ForbiddenError, ValidationError } from '../errors';
import { isInstitutionMailbox } from '../institution-mailboxes/institution-mailbox';
import { maskPhone } from '../logger';
import type { Member, MemberState } from '../members/member';
import type { MemberStore } from '../members/member-store';
import type { NationalIdHasher } from '../members/national-id-hash';
import type { Profile } from '../profiles';
import { foldMemberLogin, validateNationalId, validatePhone } from '../staff';
import type { MemberSearchStore, SearchFilter, SearchRow } from './member-search-store';
import { foldName } from './search-keys';

/**
 * Finding a member at the desk: support agents, officers, approvers, school admins and operators,
 * each within their scope, decided here on the server. Nothing is scanned: an exact login is its
 * `ADDRESS#` claim and an exact national ID its keyed HMAC (the member id derives from it), both
 * deployment-wide; everything else reads one institution's partition of the `search` index.
 */
export interface MemberSearchDeps {
  search: MemberSearchStore;
  members: Pick<MemberStore, 'get' | 'getByAddress'>;
  /** The import's keyed hash: an exact national ID is looked up without being stored or logged. */
  hashNationalId: NationalIdHasher;
  profile: Pick<Profile, 'nationalIdKind' | 'phoneRegion'>;
  regions: InstitutionRegions;
  audit: AuditLog;
  clock: Clock;
}

export interface MemberSearchQuery {
  q?: string;
  institutionCode?: string;
  state?: MemberState;
  limit: number;
  cursor?: string;
}

/** All a search answers about a member: who, where, in what state, a masked phone and the last 3 ID characters. */
export interface MemberSummary {
  memberId: string;
  login: string;
  givenName: string;
  familyName: string;
  institutionCode: string;
  state: MemberState;
  phone: string;
  nationalIdLast3: string;
}

export const summary = (m: SearchRow): MemberSummary => ({
  memberId: m.memberId,
  login: m.address,
  givenName: m.givenName,
  familyName: m.familyName,
  institutionCode: m.institutionCode,
  state: m.state,
  phone: maskPhone(m.phone),
  nationalIdLast3: m.nidLast3,
});

/** What `q` asks for, decided from its shape alone. */
type Lookup =
  | { kind: 'login'; login: string }
  | { kind: 'national-id'; normalized: string }
  | { kind: 'phone'; ending: string }
  | { kind: 'login-prefix'; prefix: string }
  | { kind: 'name'; prefix: string }
  | { kind: 'institution' };

/**
 * `q` is read as: an address (has `@`) → the exact login; a valid national ID of the profile's
 * kind (published checksum) → that person; a whole mobile as the import reads it (`validatePhone`
 * in the profile's region: `8 912 …`, `0532 …`, `0039 …`) → its E.164 digits, since phones are
 * stored in E.164; other 3–15 digits (spaces, `+`, `-` allowed) → the phone's last digits; a dotted word (`mario.ros`) → the start of a login; anything else → the start of
 * the family name (then the given name), folded as stored. No `q`: the institution's members.
 */
export function classify(q: string | undefined, nationalIdKind: Profile['nationalIdKind'], phoneRegion?: Profile['phoneRegion']): Lookup {
  // NFKC: a login typed decomposed (NFD) or in full-width forms reads as the one stored.
  const text = q?.normalize('NFKC').trim() ?? '';
  if (text === '') return { kind: 'institution' };
  if (text.includes('@')) return { kind: 'login', login: foldMemberLogin(text) };
  const nid = validateNationalId(nationalIdKind, text);
  if (nid.ok) return { kind: 'national-id', normalized: nid.normalized };
  if (/^\+?[\d\s().-]+$/.test(text)) {
    const phone = phoneRegion ? validatePhone(text, phoneRegion) : null;
    if (phone?.ok) return { kind: 'phone', ending: phone.e164.slice(1) };
    const digits = text.replace(/\D/g, '');
    if (digits.length >= 3 && digits.length <= 15) return { kind: 'phone', ending: digits };
  }
  if (/^[\p{L}\p{N}_-]+\.[\p{L}\p{N}._-]*$/u.test(text)) return { kind: 'login-prefix', prefix: foldMemberLogin(text) };
  const prefix = foldName(text);
  if (prefix.length < 2) {
    throw new ValidationError([{ field: 'query.q', code: 'query_too_short', message: 'Give at least 2 letters of a name' }]);
  }
  return { kind: 'name', prefix };
}

const DEPLOYMENT = 'deployment';
const FIELD = 'query.institutionCode';

async function record(
  actor: Actor,
  deps: MemberSearchDeps,
  requestId: string,
  where: string | null,
  outcome: 'success' | 'refused',
  details: Record<string, string | number>,
) {
  await deps.audit.record({
    actor: actor.sub,
    role: actor.roles.join(','),
    action: 'members.searched',
    target: where ? `INSTITUTION#${where}` : DEPLOYMENT,
    institution: where ?? 'none',
    at: deps.clock.now(),
    requestId,
    outcome,
    ...(outcome === 'refused' && { reason: 'institution_out_of_scope' }),
    details,
  });
}

/**
 * One page of members matching the query, within the caller's scope. Naming an institution out of
 * scope is 403 (audited as refused); an exact login or national ID of someone out of scope finds
 * nothing, as an unknown one does, so a search never tells whether a person exists elsewhere.
 * Every search is audited by its kind and result count — never the query itself, which may be a
 * national ID or a phone number.
 */
export async function searchMembers(query: MemberSearchQuery, actor: Actor, deps: MemberSearchDeps, requestId: string) {
  const lookup = classify(query.q, deps.profile.nationalIdKind, deps.profile.phoneRegion);
  const detailsOf = (results: number) => ({ kind: lookup.kind, results, ...(query.state && { state: query.state }) });

  if (query.institutionCode && !(await mayActOnInstitutionIn(actor, query.institutionCode, deps.regions))) {
    await record(actor, deps, requestId, query.institutionCode, 'refused', detailsOf(0));
    throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
  }

  if (lookup.kind === 'login' || lookup.kind === 'national-id') {
    if (query.cursor)
      throw new ValidationError([{ field: 'query.cursor', code: 'cursor_invalid', message: 'The cursor is not one this API returned' }]);
    const member =
      lookup.kind === 'login'
        ? await deps.members.getByAddress(lookup.login)
        : await deps.members.get(deps.hashNationalId(lookup.normalized).memberId);
    const shown = member !== null && (await visible(member, query, actor, deps));
    const items = shown ? [summary(member)] : [];
    await record(actor, deps, requestId, query.institutionCode ?? null, 'success', detailsOf(items.length));
    return { items, nextCursor: null };
  }

  const institutionCode = query.institutionCode ?? ownInstitution(actor);
  const filter: SearchFilter = {
    ...(lookup.kind === 'name' && { namePrefix: lookup.prefix }),
    ...(lookup.kind === 'phone' && { phoneEnding: lookup.ending }),
    ...(lookup.kind === 'login-prefix' && { loginPrefix: lookup.prefix }),
    ...(query.state && { state: query.state }),
  };
  const page = await deps.search.page(institutionCode, filter, query.limit, query.cursor);
  await record(actor, deps, requestId, institutionCode, 'success', detailsOf(page.items.length));
  return { items: page.items.map(summary), nextCursor: page.nextCursor };
}

/**
 * An exact hit is shown only within the caller's scope and the query's own filters, and only if
 * it is a person: an institution mailbox's login also has an address claim, but it is no member
 * (it is listed by the institution-mailbox routes, and has no search entry either).
 */
async function visible(member: Member, query: MemberSearchQuery, actor: Actor, deps: MemberSearchDeps) {
  if (isInstitutionMailbox(member)) return false;
  if (query.institutionCode && member.institutionCode !== query.institutionCode) return false;
  if (query.state && member.state !== query.state) return false;
  return mayActOnInstitutionIn(actor, member.institutionCode, deps.regions);
}

/**
 * The institution a search without `institutionCode` reads: the caller's own, when they hold this
 * route's roles in exactly one (`actingInstitution`). Operators and support agents reach many
 * institutions, and the index is per institution: they name one, as does a caller holding the
 * route's roles in several (400 `institution_required` on `query.institutionCode`).
 */
function ownInstitution(actor: Actor): string {
  const own = actingInstitution(actor, null, FIELD);
  if (own) return own;
  throw new ValidationError([
    {
      field: FIELD,
      code: 'institution_required',
      message: 'Name the institution to search in (institutionCode); only an exact login or national ID is searched deployment-wide',
    },
  ]);
}
