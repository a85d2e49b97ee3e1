import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../catalog';
import { ForbiddenError } from '../errors';
import type { Principal } from '../http/principal';
import { institutionInScope } from './authorize';

/**
 * A support agent's reach: the whole deployment, or the institutions of some regions (an
 * institution's region is its `INSTITUTION#<code>`/`META` item's `region`).
 */
export type SupportScope = 'all' | { regions: string[] };

/** Where a user may act: an institution, a region (support), or the whole deployment (operator). */
export interface Scope {
  institution: string | null;
  region: string | null;
  /** Support agents only (`supportScope` on the scope item); absent: no support reach. */
  support?: SupportScope;
}

/** A caller as every use case sees it: who (from the verified token) and where (server-side). */
export interface Actor extends Principal {
  scope: Scope;
}

export interface ScopeStore {
  scopeOf(sub: string): Promise<Scope | null>;
}

/** The server-side mapping `PRINCIPAL#<sub>` / `SCOPE`: never a client-writable token attribute. */
export function dynamoScopeStore(db: DynamoDBDocumentClient, table: string): ScopeStore {
  return {
    async scopeOf(sub) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: { pk: `PRINCIPAL#${sub}`, sk: 'SCOPE' } }));
      if (!Item) return null;
      const support = parseSupportScope(Item.supportScope);
      return { institution: Item.institution ?? null, region: Item.region ?? null, ...(support && { support }) };
    },
  };
}

/** `'all'` or `{ regions: [...] }` as stored; anything else gives no support reach (fail closed). */
export function parseSupportScope(raw: unknown): SupportScope | undefined {
  if (raw === 'all') return 'all';
  const regions = (raw as { regions?: unknown } | null)?.regions;
  if (Array.isArray(regions) && regions.every((r) => typeof r === 'string')) return { regions: regions as string[] };
  return undefined;
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

/**
 * The caller's role must be one the route allows, and a non-operator must have a scope on
 * record; the returned actor carries it for the use case's institution checks. Kept for callers
 * that hold an allow list rather than a route id; `actorRoute` asks `authorize` by route.
 */
export async function resolveActor(principal: Principal, allow: readonly Role[], scopes: ScopeStore): Promise<Actor> {
  if (!principal.roles.some((r) => allow.includes(r))) throw new ForbiddenError('Your role may not do this', 'role_not_allowed');
  const scope = (await scopes.scopeOf(principal.sub)) ?? { institution: null, region: null };
  if (!principal.roles.includes('operator') && scope.institution === null && scope.region === null && !scope.support) {
    throw new ForbiddenError('No institution is assigned to your account', 'no_scope');
  }
  return { ...principal, scope };
}

/**
 * Operators act on every institution; support agents on every one (`all`) or on those of their
 * regions (`institutionRegion`: null when unknown, which no regional agent reaches); everyone
 * else only on their own. The decision itself is `institutionInScope` (shared/auth/authorize.ts).
 */
export function mayActOnInstitution(actor: Actor, institutionCode: string, institutionRegion: string | null = null): boolean {
  return institutionInScope(actor, institutionCode, institutionRegion);
}

/** Whether deciding for this actor needs the institution's region (a regional support agent): saves a read otherwise. */
export function needsRegion(actor: Actor, institutionCode: string): boolean {
  return !mayActOnInstitution(actor, institutionCode) && actor.roles.includes('support') && typeof actor.scope.support === 'object';
}

/** `mayActOnInstitution`, reading the institution's region only when the answer depends on it. */
export async function mayActOnInstitutionIn(actor: Actor, institutionCode: string, regions: InstitutionRegions): Promise<boolean> {
  if (!needsRegion(actor, institutionCode)) return mayActOnInstitution(actor, institutionCode);
  return mayActOnInstitution(actor, institutionCode, await regions.regionOf(institutionCode));
}

export function assertInstitution(actor: Actor, institutionCode: string, institutionRegion: string | null = null): void {
  if (!mayActOnInstitution(actor, institutionCode, institutionRegion)) {
    throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
  }
}
