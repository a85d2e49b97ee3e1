import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../catalog';
import { ForbiddenError } from '../errors';
import type { Principal } from '../http/principal';

/** Where a user may act: an institution, a region (support), or the whole deployment (operator). */
export interface Scope {
  institution: string | null;
  region: string | null;
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
      return { institution: Item.institution ?? null, region: Item.region ?? null };
    },
  };
}

/**
 * The caller's role must be one the route allows, and a non-operator must have a scope on
 * record; the returned actor carries it for the use case's institution checks.
 */
export async function resolveActor(principal: Principal, allow: readonly Role[], scopes: ScopeStore): Promise<Actor> {
  if (!principal.roles.some((r) => allow.includes(r))) throw new ForbiddenError('Your role may not do this', 'role_not_allowed');
  const scope = (await scopes.scopeOf(principal.sub)) ?? { institution: null, region: null };
  if (!principal.roles.includes('operator') && scope.institution === null && scope.region === null) {
    throw new ForbiddenError('No institution is assigned to your account', 'no_scope');
  }
  return { ...principal, scope };
}

/** Operators act on every institution; everyone else only on their own. */
export function mayActOnInstitution(actor: Actor, institutionCode: string): boolean {
  return actor.roles.includes('operator') || actor.scope.institution === institutionCode;
}

export function assertInstitution(actor: Actor, institutionCode: string): void {
  if (!mayActOnInstitution(actor, institutionCode)) {
    throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
  }
}
