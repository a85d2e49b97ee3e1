import type { ProblemCode, ProblemParams } from './i18n/problem-texts';

/**
 * Domain errors carry an HTTP status and a stable machine-readable `code`. The HTTP error
 * handler renders them as RFC 9457 problem details; anything that is not a DomainError, or has
 * a status ≥ 500, is rendered as a bare 500 so internals never leak.
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
  /** The problem told in the caller's language (shared/i18n/problem-texts.ts), added when answered. */
  detail?: string;
}

/**
 * `code` is a `ProblemCode`: every code has its texts in every locale (shared/i18n/problem-texts.ts),
 * which the answer's `detail` is told in. `message` is the English title, for logs and developers.
 */
export class DomainError extends Error {
  /** Values the localized texts use (e.g. `triesLeft`); never a secret. */
  params?: ProblemParams;
  /**
   * RFC 9457 extension members a client can act on (e.g. `clearsAt`), rendered next to `code`;
   * never anything internal or personal.
   */
  extensions?: Record<string, string | number | boolean>;

  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string,
    readonly field?: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The values this error's localized texts use; returns the error, to throw as it is built. */
  withParams(params: ProblemParams): this {
    this.params = params;
    return this;
  }
}

export class ValidationError extends DomainError {
  constructor(errors: FieldProblem[], message = 'The request is not valid') {
    super(400, 'validation_failed', message, errors[0]?.field, errors);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid access token is required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this', code: ProblemCode = 'forbidden') {
    super(403, code, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code: ProblemCode = 'not_found') {
    super(404, code, `${what} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code: ProblemCode = 'conflict', field?: string) {
    super(409, code, message, field);
  }
}

/**
 * A dependency (DynamoDB, Cognito …) is down or throttling: retryable, and says nothing internal.
 * `retryAfterSeconds` becomes the answer's `Retry-After` header.
 */
export class DependencyUnavailableError extends DomainError {
  constructor(
    dependency: string,
    readonly retryAfterSeconds = 30,
  ) {
    super(503, 'dependency_unavailable', `${dependency} is unavailable, try again later`);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string, code: ProblemCode = 'payload_too_large', field?: string) {
    super(413, code, message, field);
  }
}

/** A caller went over a rate limit or used up its tries. */
export class TooManyRequestsError extends DomainError {
  constructor(message: string, code: ProblemCode = 'too_many_requests') {
    super(429, code, message);
  }
}
