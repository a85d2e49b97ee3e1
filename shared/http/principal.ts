import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * Who calls, as the API's JWT authorizer verified it: the account, nothing more. The token's
 * `cognito:groups` are deliberately not read: what a caller may do comes from the server-side
 * role store on every call (shared/auth), so a revoked role counts before the token expires and
 * a role is never taken from a claim.
 */
export interface Principal {
  sub: string;
  login: string;
}

export function principalFrom(event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>): Principal | null {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return null;
  return { sub: claims.sub, login: String(claims.username ?? claims['cognito:username'] ?? '') };
}
