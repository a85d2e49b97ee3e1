import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { FieldProblem } from '../errors';

/** Headers every API answer carries: no caching of personal data, no MIME sniffing. */
export const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  field?: string;
  errors?: FieldProblem[];
  /** Extension members (RFC 9457 §3.2); the standard members above always win a clash. */
  extensions?: Record<string, string | number | boolean>;
  instance?: string;
  /** The language of `detail` (sent as `content-language`). */
  language?: string;
  /** Seconds before a retry may succeed: sent as the `Retry-After` header (503, 429). */
  retryAfter?: number;
}

/** Renders an RFC 9457 problem document; `code` is the stable key clients branch on. */
export function problemResponse(problem: Problem): APIGatewayProxyResultV2 {
  const body = {
    ...problem.extensions,
    type: `https://posta.dev/problems/${problem.code}`,
    title: problem.title,
    status: problem.status,
    code: problem.code,
    ...(problem.detail !== undefined && { detail: problem.detail }),
    ...(problem.field !== undefined && { field: problem.field }),
    ...(problem.errors !== undefined && { errors: problem.errors }),
    ...(problem.instance !== undefined && { instance: problem.instance }),
  };
  return {
    statusCode: problem.status,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'application/problem+json',
      ...(problem.language !== undefined && { 'content-language': problem.language }),
      // The same URL answers in several languages: caches must key on the header.
      vary: 'accept-language',
      ...(problem.retryAfter !== undefined && { 'retry-after': String(problem.retryAfter) }),
    },
    body: JSON.stringify(body),
  };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 {
  return {
    statusCode: status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
