import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { type RouteDef, USER_TOKEN_SCOPE } from '../shared/catalog';

/**
 * Verifies Cognito access tokens the way the HTTP API's JWT authorizer does: signature against
 * the pool's JWKS, issuer, expiry, `token_use` and `client_id` (one of the API's app clients:
 * the portal's, and the mail router's machine client). aws-jwt-verify fetches JWKS over HTTPS
 * only, so the local JWKS (plain HTTP) is fetched here and handed to its cache.
 */
export async function accessTokenVerifier(opts: { cognitoEndpoint: string; userPoolId: string; clientIds: string[] }) {
  const issuer = `${opts.cognitoEndpoint}/${opts.userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const verifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri });
  const jwks = (await (await fetch(jwksUri)).json()) as Jwks;
  verifier.cacheJwks(jwks);
  return async (token: string): Promise<JwtPayload> => {
    const payload = await verifier.verify(token);
    if (payload.token_use !== 'access') throw new Error('not an access token');
    if (typeof payload.client_id !== 'string' || !opts.clientIds.includes(payload.client_id))
      throw new Error('token of another app client');
    return payload;
  };
}

/** The scopes in a verified token's `scope` claim (space-separated). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  return typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
}

/**
 * The route's `authorizationScopes`, as the CDK stack sets them: `jwt` routes take signed-in
 * users' tokens (which carry Cognito's user scope), `machine` routes their catalog scopes. Like API
 * Gateway, any one of them is enough.
 */
export function requiredScopes(def: Pick<RouteDef, 'auth' | 'scopes'>): string[] {
  if (def.auth === 'machine') return def.scopes ?? [];
  if (def.auth === 'jwt') return [USER_TOKEN_SCOPE];
  return [];
}

/** Whether a token with `claims` may call the route (401 vs 403 is the caller's to decide). */
export function hasRequiredScope(def: Pick<RouteDef, 'auth' | 'scopes'>, claims: Record<string, unknown>): boolean {
  const required = requiredScopes(def);
  return required.length === 0 || scopesOf(claims).some((s) => required.includes(s));
}
