import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { asDependencyOutage } from '../clients/dependency-outage';
import { DomainError } from '../errors';
import { logger } from '../logger';
import { problemResponse } from './problem';

/** middy's own HTTP errors (bad JSON, wrong content type) become stable codes too. */
const MIDDY_CODES: Record<number, { status: number; code: string; title: string }> = {
  415: { status: 415, code: 'unsupported_media_type', title: 'The body must be application/json' },
  422: { status: 400, code: 'malformed_json', title: 'The body is not valid JSON' },
};

function toProblem(error: unknown, requestId: string) {
  if (error instanceof DomainError && error.status < 500) {
    return {
      status: error.status,
      code: error.code,
      title: error.message,
      field: error.field,
      errors: error.errors,
      extensions: error.extensions,
      instance: requestId,
    };
  }
  // A dependency outage (unreachable, throttled, failing on its side) is retryable: 503 with
  // Retry-After, never a 500 that tells the caller to give up. The cause goes to the log only.
  const outage = asDependencyOutage(error);
  if (outage) {
    logger.warn('dependency unavailable', { error });
    return { status: 503, code: outage.code, title: outage.message, instance: requestId, retryAfter: outage.retryAfterSeconds };
  }
  const statusCode = (error as { statusCode?: number })?.statusCode;
  const known = statusCode !== undefined ? MIDDY_CODES[statusCode] : undefined;
  if (known) return { ...known, instance: requestId };
  // Everything else is ours to fix: log it whole, tell the caller nothing but the request id.
  logger.error('unhandled error', { error });
  return { status: 500, code: 'internal_error', title: 'Something went wrong on our side', instance: requestId };
}

/** Registered first so that its onError runs last: one place turns errors into responses. */
export function problemErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const requestId = request.event?.requestContext?.requestId ?? 'unknown';
      request.response = problemResponse(toProblem(request.error, requestId));
    },
  };
}
