import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { ROLES, type Role } from '../auth/role-names';

/** Who calls, as the API's JWT authorizer verified it. Scope (institution) is looked up server-side. */
export interface Principal {
  sub: string;
  login: string;
  roles: Role[];
}

/**
 * API Gateway HTTP APIs flatten array claims to a string such as `[staff operator]`; a token
 * verified elsewhere may carry a real array. Both forms are accepted; unknown groups are ignored.
 */
export function parseGroups(claim: unknown): Role[] {
  const raw = Array.isArray(claim) ? claim.map(String) : typeof claim === 'string' ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return raw.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

export function principalFrom(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): Principal | null {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return null;
  return {
    sub: claims.sub,
    login: String(claims.username ?? claims['cognito:username'] ?? ''),
    roles: parseGroups(claims['cognito:groups']),
  };
}
