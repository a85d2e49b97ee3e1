import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ROLES, type Role } from '../catalog';
import { ForbiddenError, ValidationError } from '../errors';
import type { Principal } from '../http/principal';
import { dynamoMemberStore } from '../members/member-store';
import { dynamoRoleStore } from '../roles/role-store';
import { type DenyCode, type Grant, grantsFor, isAllowed, reachesEverywhere } from './policy';

/**
 * Where a caller may act, as every use case sees it, and the thin entry points use cases call
 * once they know their target. Each of them asks the one policy (`isAllowed`, shared/auth/policy.ts)
 * for the route the actor is calling: nothing here decides on its own.
 */

export { type Grant, parseSupportScope, type SupportScope } from './policy';

/** A caller as every use case sees it: who (the verified token), what they are doing, and every pair they hold (server-side). */
export interface Actor extends Principal {
  /** The route being called: every decision about this call is about this action. */
  action: string;
  /** Every (role, institution) pair the caller holds, from the role store and the staff register; never from the token. */
  grants: readonly Grant[];
  /** The roles among `grants` this route admits, in catalog order (what audit records name). */
  roles: Role[];
}

/** The actor of one call: the route's roles are picked from every pair the caller holds. */
export function actorFor(principal: Principal, action: string, grants: readonly Grant[]): Actor {
  const admitted = new Set(grantsFor({ sub: principal.sub, grants }, action).map((g) => g.role));
  return { sub: principal.sub, login: principal.login, action, grants, roles: ROLES.filter((r) => admitted.has(r)) };
}

/** Where every caller's pairs come from, on every call. */
export interface ScopeStore {
  /**
   * Every pair the principal holds: the role store's, and `staff` of their institution when they
   * are on the staff register (asked only by routes that admit staff: one read fewer elsewhere).
   */
  grantsOf(principal: Principal, options?: { staff?: boolean }): Promise<Grant[]>;
}

/**
 * The role store (`PRINCIPAL#<sub>` / `ROLE#…`, read consistently, so a revoke counts at the
 * very next call) and the staff register: an account whose login is a member's address is
 * `staff` of that member's institution — whatever the token's groups say, so a member made by a
 * launch, an activation or a late request is staff from their first call.
 */
export function dynamoScopeStore(db: DynamoDBDocumentClient, table: string): ScopeStore {
  const roles = dynamoRoleStore(db, table);
  const members = dynamoMemberStore(db, table);
  return {
    async grantsOf(principal, options = {}) {
      const [assignments, member] = await Promise.all([
        roles.assignmentsOf(principal.sub),
        options.staff && principal.login ? members.getByAddress(principal.login.toLowerCase()) : null,
      ]);
      const grants: Grant[] = assignments.map((a) => ({
        role: a.role,
        institution: a.institutionCode,
        ...(a.supportScope && { support: a.supportScope }),
      }));
      // An institution's mailbox is not a person: it signs in to mail, never as staff of the API.
      if (member && member.kind !== 'institution-mailbox') grants.push({ role: 'staff', institution: member.institutionCode });
      return grants;
    },
  };
}

/** Where an institution is: its region, from `INSTITUTION#<code>`/`META`; null when none is on record. */
export interface InstitutionRegions {
  regionOf(institutionCode: string): Promise<string | null>;
}

export function dynamoInstitutionRegions(db: DynamoDBDocumentClient, table: string): InstitutionRegions {
  return {
    async regionOf(code) {
      const { Item } = await db.send(
        new GetCommand({
          TableName: table,
          Key: { pk: `INSTITUTION#${code}`, sk: 'META' },
          ProjectionExpression: '#r',
          ExpressionAttributeNames: { '#r': 'region' },
        }),
      );
      return typeof Item?.region === 'string' ? Item.region : null;
    },
  };
}

const REFUSALS: Record<DenyCode, string> = {
  route_unknown: 'This route is not in the catalog',
  rule_missing: 'This route declares no authorization rule',
  machine_only: 'This route is for machine clients',
  role_not_allowed: 'Your role may not do this',
  no_scope: 'No institution is assigned to your account',
  institution_out_of_scope: 'This institution is outside your scope',
  not_self: 'You may act only on your own account',
};

/**
 * A refusal by the policy. `actorRoute` audits every one that reaches it (under the targeted
 * institution, `none` when there is none), so a use case that throws it through
 * `assertInstitution` need not audit it itself.
 */
export class PolicyRefusal extends ForbiddenError {
  constructor(
    code: DenyCode,
    readonly institution: string | null = null,
  ) {
    super(REFUSALS[code], code);
  }
}

/**
 * May the actor act on this institution in the route they are calling? Operators everywhere;
 * support agents everywhere (`all`) or in their regions (`institutionRegion`: null when unknown,
 * which no regional agent reaches); everyone else where they hold a role the route admits.
 */
export function mayActOnInstitution(actor: Actor, institutionCode: string, institutionRegion: string | null = null): boolean {
  return isAllowed(actor, actor.action, { institution: institutionCode, region: institutionRegion }).allowed;
}

/** Whether deciding for this actor needs the institution's region (a regional support agent): saves a read otherwise. */
export function needsRegion(actor: Actor, institutionCode: string): boolean {
  return (
    !mayActOnInstitution(actor, institutionCode) &&
    grantsFor(actor, actor.action).some((g) => g.role === 'support' && typeof g.support === 'object')
  );
}

/** `mayActOnInstitution`, reading the institution's region only when the answer depends on it. */
export async function mayActOnInstitutionIn(actor: Actor, institutionCode: string, regions: InstitutionRegions): Promise<boolean> {
  if (!needsRegion(actor, institutionCode)) return mayActOnInstitution(actor, institutionCode);
  return mayActOnInstitution(actor, institutionCode, await regions.regionOf(institutionCode));
}

/** `mayActOnInstitution` or a 403 that `actorRoute` audits (a `PolicyRefusal`). */
export function assertInstitution(actor: Actor, institutionCode: string, institutionRegion: string | null = null): void {
  const decision = isAllowed(actor, actor.action, { institution: institutionCode, region: institutionRegion });
  if (!decision.allowed) throw new PolicyRefusal(decision.code, institutionCode);
}

/** Whether the actor, in this route, reaches every institution at once (operators, deployment-wide support). */
export function mayActEverywhere(actor: Actor): boolean {
  return isAllowed(actor, actor.action, { everywhere: true }).allowed;
}

/** The institutions where the actor holds a role this route admits (none for operators and support agents). */
export function institutionsOf(actor: Actor): string[] {
  return [
    ...new Set(grantsFor(actor, actor.action).flatMap((g) => (g.institution === null || reachesEverywhere(g) ? [] : [g.institution]))),
  ];
}

/**
 * The institution a call is for, when the request may leave it out: the one it names (which the
 * actor must reach: 403 otherwise), else the actor's own if they hold this route's roles in exactly
 * one institution; null when they hold them in none (operators, support agents: the use case
 * decides what no institution means). Several, and none named: 400 `institution_required` on
 * `field`, never a guess.
 */
export function actingInstitution(actor: Actor, named: string | null | undefined, field: string): string | null {
  if (named) {
    assertInstitution(actor, named);
    return named;
  }
  const own = institutionsOf(actor);
  if (own.length <= 1) return own[0] ?? null;
  throw new ValidationError([
    { field, code: 'institution_required', message: `You act for several institutions (${own.join(', ')}): name one` },
  ]);
}
