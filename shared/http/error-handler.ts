import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { asDependencyOutage } from '../clients/dependency-outage';
import { DomainError } from '../errors';
import { preferredLocale, problemDetail } from '../i18n/problem-texts';
import { logger } from '../logger';
import type { Locale } from '../profiles/profile-ids';
import { type Problem, problemResponse } from './problem';

/** middy's own HTTP errors (bad JSON, wrong content type) become stable codes too. */
const MIDDY_CODES: Record<number, { status: number; code: string; title: string }> = {
  415: { status: 415, code: 'unsupported_media_type', title: 'The body must be application/json' },
  422: { status: 400, code: 'malformed_json', title: 'The body is not valid JSON' },
};

function toProblem(error: unknown, requestId: string): Problem & { params?: DomainError['params'] } {
  if (error instanceof DomainError && error.status < 500) {
    return {
      status: error.status,
      code: error.code,
      title: error.message,
      field: error.field,
      errors: error.errors,
      extensions: error.extensions,
      instance: requestId,
      params: error.params,
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

/**
 * The problem told to a person: `detail` in the language the caller's `Accept-Language` prefers
 * (it, ru, tr, en; English otherwise), from the catalogue of problem texts, and so is each field
 * problem's `detail`; the English `title`, `message`s and the stable codes are unchanged, so clients
 * branch on the code whatever the language.
 */
export function localizedProblem(problem: Problem & { params?: DomainError['params'] }, locale: Locale): Problem {
  const { params, errors, ...rest } = problem;
  const detail = problemDetail(problem.code, locale, params);
  // Each field problem is told too, where its code has texts (its English `message` stays).
  const told = errors?.map((e) => {
    const text = problemDetail(e.code, locale);
    return text === undefined ? e : { ...e, detail: text };
  });
  const localized = { ...rest, ...(told && { errors: told }) };
  return detail === undefined ? localized : { ...localized, detail, language: locale };
}

/** Registered first so that its onError runs last: one place turns errors into responses. */
export function problemErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async (request) => {
      const requestId = request.event?.requestContext?.requestId ?? 'unknown';
      const headers = request.event?.headers ?? {};
      const acceptLanguage = headers['accept-language'] ?? headers['Accept-Language'];
      request.response = problemResponse(localizedProblem(toProblem(request.error, requestId), preferredLocale(acceptLanguage)));
    },
  };
}
