import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTES, type RouteDef } from '../shared/catalog';
import { problemResponse } from '../shared/http/problem';
import { hasRequiredScope, scopesOf } from './jwt';
import { asFunction } from './key-guard';
import { lambdaContext } from './lambda-context';
import { loadHandler } from './load-handler';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  // `/v1/lots/{lotId}` → /^\/v1\/lots\/([^/]+)$/ with names ['lotId'].
  const source = def.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${source}$`), names };
}

/** HTTP APIs hand claims to the function as strings; arrays become `[a b]`. */
function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  params: Record<string, string>,
  body: Buffer,
  requestId: string,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const routeKey = `${route.def.method} ${route.def.path}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(route.names.length > 0 && { pathParameters: params }),
    ...(body.length > 0 && { body: body.toString('utf8') }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

export interface ApiServerOptions {
  port: number;
  verifyAccessToken: (token: string) => Promise<Record<string, unknown>>;
  /** `POST /oauth2/token`: the local stand-in for Cognito's hosted token endpoint (local/token-endpoint.ts). */
  tokenEndpoint?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;
  /** The web console on the API's own origin (local/console-site.ts): asked for any path that is no route and not under /v1/. */
  site?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

/**
 * Serves the catalog's routes the way API Gateway does: builds a v2 event, runs the JWT check
 * (token, then the route's scopes) on `jwt` and `machine` routes, invokes the same handler module
 * Lambda runs, and writes its result back.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<{ server: Server; url: string }> {
  const routes = ROUTES.map(compile);
  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    const send = (result: APIGatewayProxyStructuredResultV2) => {
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>), 'apigw-requestid': requestId });
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    };
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (opts.tokenEndpoint && req.method === 'POST' && url.pathname === '/oauth2/token') {
        const form = await readBody(req);
        if (form === 'too-large')
          return send({ statusCode: 413, headers: { 'content-type': 'application/json' }, body: '{"error":"invalid_request"}' });
        return await opts.tokenEndpoint(req, res, form);
      }
      let match: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of routes) {
        const m = route.def.method === req.method ? route.pattern.exec(url.pathname) : null;
        if (m) {
          match = { route, params: Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')])) };
          break;
        }
      }
      if (!match && opts.site && !url.pathname.startsWith('/v1/') && opts.site(req, res, url)) return;
      if (!match)
        return send(
          problemResponse({
            status: 404,
            code: 'route_not_found',
            title: `No route ${req.method} ${url.pathname}`,
            instance: requestId,
          }) as APIGatewayProxyStructuredResultV2,
        );
      const body = await readBody(req);
      if (body === 'too-large')
        return send(
          problemResponse({
            status: 413,
            code: 'payload_too_large',
            title: 'The body exceeds 10 MB',
            instance: requestId,
          }) as APIGatewayProxyStructuredResultV2,
        );
      const event = toEvent(req, url, match.route, match.params, body, requestId);
      if (match.route.def.auth !== 'public') {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        let claims: Record<string, unknown> | undefined;
        try {
          claims = token ? await opts.verifyAccessToken(token) : undefined;
        } catch {
          claims = undefined;
        }
        if (!claims)
          return send(
            problemResponse({
              status: 401,
              code: 'unauthorized',
              title: 'A valid access token is required',
              instance: requestId,
            }) as APIGatewayProxyStructuredResultV2,
          );
        // The route's authorizationScopes: a valid token without one of them is a 403, as in API Gateway.
        if (!hasRequiredScope(match.route.def, claims))
          return send(
            problemResponse({
              status: 403,
              code: 'insufficient_scope',
              title: 'The access token does not carry a scope this route requires',
              instance: requestId,
            }) as APIGatewayProxyStructuredResultV2,
          );
        (event.requestContext as unknown as Record<string, unknown>).authorizer = {
          jwt: { claims: flattenClaims(claims), scopes: scopesOf(claims) },
        };
      }
      const handler = await loadHandler(match.route.def.handler);
      const def = match.route.def;
      // As the route's function: a key-scoped table binding is enforced as IAM would (key-guard.ts).
      const result = await asFunction(def.id, def, () => handler(event, lambdaContext(def.id, def.timeoutSeconds ?? 10)));
      if (typeof result === 'object' && result !== null && 'statusCode' in result) return send(result);
      send({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: typeof result === 'string' ? result : JSON.stringify(result),
      });
    } catch (error) {
      // Lambda crashed: API Gateway answers 500 without detail; the stack trace stays in our log.
      console.error(`[api] ${req.method} ${req.url} failed`, error);
      send(
        problemResponse({
          status: 500,
          code: 'internal_error',
          title: 'Something went wrong on our side',
          instance: requestId,
        }) as APIGatewayProxyStructuredResultV2,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { server, url: `http://127.0.0.1:${port}` };
}
