import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { UnauthorizedError, ValidationError } from '../errors';
import { logger } from '../logger';
import { problemErrorHandler } from './error-handler';
import { type Principal, principalFrom } from './principal';
import { BASE_HEADERS, jsonResponse } from './problem';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  auth: 'public' | 'jwt';
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Decides whether the caller may call the route at all, before the input is read: a caller the
   * route never admits learns nothing about what it expects (a 403, never a 400). What it returns
   * reaches the core as `authorized` (`actorRoute`: the actor). `accessToken` is the caller's own
   * token, for a check that asks Cognito about the session (a TOTP second factor).
   */
  authorize?: (principal: Principal, requestId: string, accessToken: string | null) => Promise<unknown>;
}

export interface RouteInput<B, Q, P, A> {
  body: B;
  query: Q;
  params: P;
  principal: A;
  requestId: string;
  sourceIp: string;
  /**
   * The caller's raw bearer token, already verified by the authorizer: only for calls that act
   * *as* the user (Cognito's ChangePassword). Never log it or pass it further.
   */
  accessToken: string | null;
  /** What the route's `authorize` returned; undefined without one. */
  authorized?: unknown;
  /**
   * The body as bytes, for a route that declares no JSON body and reads one itself (a CSV upload),
   * and its declared content type; null without a body. API Gateway hands non-text bodies over
   * base64-encoded.
   */
  rawBody: Uint8Array | null;
  contentType: string | null;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (e.g. `text/csv`): `body` is then sent as the text it is. */
  contentType?: string;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type PrincipalFor<A> = A extends 'jwt' ? Principal : Principal | null;

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: [where, ...issue.path.map(String)].join('.'),
      // A cursor is opaque: whatever is wrong with one (longer than any the listing gives out),
      // it is not a cursor this API returned, the same answer the stores give a forged one.
      code: where === 'query' && issue.path[0] === 'cursor' ? 'cursor_invalid' : issue.code,
      message: issue.message,
    })),
  );
}

/**
 * The one middy chain every HTTP route uses: error handler first (so it runs last), logger,
 * header normalizer, JSON body parser when the route takes a body, zod validation, then the
 * route's core function with typed input. The core returns data; this renders it.
 */
export function httpRoute<
  B extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  A extends 'public' | 'jwt' = 'public' | 'jwt',
>(
  spec: RouteSpec<B, Q, P> & { auth: A },
  core: (input: RouteInput<Infer<B>, Infer<Q>, Infer<P>, PrincipalFor<A>>) => Promise<RouteResult>,
) {
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>()
    .use(problemErrorHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer());
  if (spec.body) chain.use(httpJsonBodyParser());

  return chain.handler(async (event) => {
    const requestId = event.requestContext.requestId;
    logger.appendKeys({ requestId, route: event.routeKey });
    const principal = principalFrom(event as never);
    // The API's authorizer already refused unsigned calls; checking again costs nothing and
    // keeps a misconfigured route from running anonymously.
    if (spec.auth === 'jwt' && !principal) throw new UnauthorizedError();
    const accessToken = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? '')?.[1] ?? null;
    const authorized = spec.authorize && principal ? await spec.authorize(principal, requestId, accessToken) : undefined;
    const input = {
      body: parsePart(spec.body, event.body, 'body'),
      query: parsePart(spec.query, event.queryStringParameters, 'query'),
      params: parsePart(spec.params, event.pathParameters, 'path'),
      principal,
      requestId,
      sourceIp: event.requestContext.http.sourceIp,
      accessToken,
      authorized,
      rawBody: !spec.body && typeof event.body === 'string' ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : null,
      contentType: event.headers?.['content-type'] ?? null,
    } as RouteInput<Infer<B>, Infer<Q>, Infer<P>, PrincipalFor<A>>;
    const result = await core(input);
    if (result.contentType) {
      return {
        statusCode: result.status,
        headers: { ...BASE_HEADERS, 'content-type': result.contentType, ...result.headers },
        body: String(result.body ?? ''),
      };
    }
    return jsonResponse(result.status, result.body, result.headers);
  });
}
