import { JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/**
 * Verifies Cognito access tokens the way the HTTP API's JWT authorizer does: signature against
 * the pool's JWKS, issuer, expiry, `token_use` and `client_id`. aws-jwt-verify fetches JWKS over
 * HTTPS only, so the local JWKS (plain HTTP) is fetched here and handed to its cache.
 */
export async function accessTokenVerifier(opts: { cognitoEndpoint: string; userPoolId: string; clientId: string }) {
  const issuer = `${opts.cognitoEndpoint}/${opts.userPoolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const verifier = JwtRsaVerifier.create({ issuer, audience: null, jwksUri });
  const jwks = (await (await fetch(jwksUri)).json()) as Jwks;
  verifier.cacheJwks(jwks);
  return async (token: string): Promise<JwtPayload> => {
    const payload = await verifier.verify(token);
    if (payload.token_use !== 'access') throw new Error('not an access token');
    if (payload.client_id !== opts.clientId) throw new Error('token of another app client');
    return payload;
  };
}
