import { createPrivateKey, createSign, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators/local-aws';

/**
 * A local stand-in for Cognito's hosted token endpoint (`https://<domain>/oauth2/token`), for the
 * `client_credentials` grant only: cognito-local's `/oauth2/token` knows `authorization_code` and
 * `refresh_token`, not machine clients. The app client, its secret, its allowed flows and scopes
 * are read from cognito-local (created by `local/provision.ts`), and the token is signed with the
 * key cognito-local signs user tokens with, so the JWKS it serves verifies both alike.
 */
export function localTokenEndpoint(opts: { cognitoEndpoint: string; userPoolId: string; validitySeconds?: number }) {
  const signingKey = createPrivateKey(
    (createRequire(import.meta.url)('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }).pem,
  );
  const cognito = new CognitoIdentityProviderClient({
    endpoint: opts.cognitoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const issuer = `${opts.cognitoEndpoint}/${opts.userPoolId}`;

  const sign = (payload: Record<string, unknown>) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${part(payload)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(signingKey).toString('base64url')}`;
  };

  const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  /** Cognito's error answers: RFC 6749 `{ error }` with 400 (401 for a bad client with Basic auth). */
  const fail = (res: ServerResponse, status: number, error: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error }));
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    if (!/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) return fail(res, 400, 'invalid_request');
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') return fail(res, 400, 'unsupported_grant_type');
    // Client authentication: HTTP Basic (what Cognito documents), or client_id/client_secret in the form.
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [clientId = '', clientSecret = ''] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':')
      : [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
    let client: UserPoolClientType | undefined;
    try {
      client = (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: opts.userPoolId, ClientId: clientId }))).UserPoolClient;
    } catch {
      client = undefined;
    }
    if (!client?.ClientSecret || !sameSecret(client.ClientSecret, clientSecret)) return fail(res, basic ? 401 : 400, 'invalid_client');
    if (!client.AllowedOAuthFlows?.includes('client_credentials')) return fail(res, 400, 'unauthorized_client');
    const allowed: string[] = client.AllowedOAuthScopes ?? [];
    const asked = form.get('scope')?.split(/\s+/).filter(Boolean) ?? allowed;
    if (asked.length === 0 || asked.some((s) => !allowed.includes(s))) return fail(res, 400, 'invalid_scope');

    const now = Math.floor(Date.now() / 1000);
    const expiresIn = opts.validitySeconds ?? 3600;
    // The claims of a Cognito client-credentials access token: the client is its own subject.
    const token = sign({
      sub: clientId,
      token_use: 'access',
      scope: asked.join(' '),
      auth_time: now,
      iss: issuer,
      exp: now + expiresIn,
      iat: now,
      version: 2,
      jti: randomUUID(),
      client_id: clientId,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }));
  }

  return { handle, close: () => cognito.destroy() };
}
