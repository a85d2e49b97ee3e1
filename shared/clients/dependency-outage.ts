import { DependencyUnavailableError } from '../errors';

/**
 * AWS errors that mean "the service is throttling this account", whatever the service calls it
 * (DynamoDB, Cognito, SES, SNS, SQS, S3, Secrets Manager). The SDK already retried these with
 * back-off before they reach us; the caller may try again a little later.
 */
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
]);

/** Socket-level failures: the service could not be reached at all (Node's `error.code`). */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Seconds a caller should wait: a throttled service recovers in seconds, an unreachable one takes longer. */
export const RETRY_AFTER = { throttled: 5, unavailable: 30 } as const;

type SdkError = Error & {
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  errors?: unknown[];
};

function unreachable(error: SdkError): boolean {
  if (error.code && UNREACHABLE.has(error.code)) return true;
  if (error.name === 'TimeoutError') return true;
  // Node ≥ 20 tries every address of a host and reports them together.
  return Array.isArray(error.errors) && error.errors.some((e) => e instanceof Error && unreachable(e as SdkError));
}

/**
 * Tells a dependency outage (a service unreachable, throttling, or failing on its side) from a
 * bug: the former is a 503 the caller may retry, with a `Retry-After`; the latter stays a 500.
 * Only errors that carry the SDK's metadata, or a socket error code, count: a plain `Error` that
 * merely mentions a connection is still ours to fix. Client faults (a bad request, a missing
 * table, a failed condition) are never outages.
 */
export function asDependencyOutage(error: unknown): DependencyUnavailableError | null {
  if (!(error instanceof Error)) return null;
  const e = error as SdkError;
  if (e instanceof DependencyUnavailableError) return e;
  if (THROTTLED.has(e.name) || e.$retryable?.throttling) {
    return new DependencyUnavailableError('A service Posta depends on', RETRY_AFTER.throttled);
  }
  if (unreachable(e)) return new DependencyUnavailableError('A service Posta depends on', RETRY_AFTER.unavailable);
  const status = e.$metadata?.httpStatusCode;
  if (e.$metadata && (e.$fault === 'server' || (status !== undefined && status >= 500))) {
    return new DependencyUnavailableError('A service Posta depends on', RETRY_AFTER.unavailable);
  }
  return null;
}
