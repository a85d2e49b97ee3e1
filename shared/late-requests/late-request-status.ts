import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { NotFoundError, TooManyRequestsError } from '../errors';
import type { RateLimit, RateLimiter } from '../otp/rate-limit';
import type { LateRequest } from './late-request';
import type { LateRequestStore } from './late-request-store';

/**
 * How an applicant learns the school's decision without an account and without telling anybody
 * else anything: the proof of the phone (step 2) hands back a random status token, shown once;
 * only its keyed hash is stored, next to the request id. Whoever holds the token may ask for the
 * request's state; nobody can ask by request id, name or phone.
 */
export interface StatusToken {
  /** The keyed hash of the token (`rateKey('late-status', token)`): the item's key. */
  tokenKey: string;
  requestId: string;
  /** When the phone was proven (the token's birth). */
  confirmedAt: string;
}

/** Port: the tokens' hashes, each pointing at its request. */
export interface LateRequestStatusStore {
  put(token: StatusToken, expiresAt: Date): Promise<void>;
  get(tokenKey: string): Promise<{ token: StatusToken; expiresAt: Date } | null>;
}

export interface LateRequestStatusDeps {
  statusTokens: LateRequestStatusStore;
  requests: Pick<LateRequestStore, 'get'>;
  limiter: RateLimiter;
  /** `(kind, value) → key`: the keyed hash that names the token's item and the source's counter. */
  rateKey(kind: string, value: string): string;
  clock: Clock;
  newToken?: () => string;
}

/** A token answers for a year: long past any school's decision and the mailbox's first lot. */
export const STATUS_TOKEN_TTL_DAYS = 365;

/** Lookups from one source (IP) an hour: a page refreshed now and then, never a guessing run. */
export const STATUS_LOOKUP_LIMIT: RateLimit = { limit: 120, windowSeconds: 3600 };

/** 256 random bits, URL-safe: unguessable, so an unknown token proves nothing about anybody. */
export const newStatusToken = () => randomBytes(32).toString('base64url');

const tokenKeyOf = (deps: Pick<LateRequestStatusDeps, 'rateKey'>, token: string) => deps.rateKey('late-status', token);

/**
 * Issues the token of a proven request: stores its keyed hash and returns the token, which goes
 * to the applicant in the answer and nowhere else (no log, no item, no audit record).
 */
export async function issueStatusToken(
  requestId: string,
  confirmedAt: Date,
  deps: Pick<LateRequestStatusDeps, 'statusTokens' | 'rateKey' | 'newToken'>,
): Promise<string> {
  const token = deps.newToken?.() ?? newStatusToken();
  const expiresAt = new Date(confirmedAt.getTime() + STATUS_TOKEN_TTL_DAYS * 86_400_000);
  await deps.statusTokens.put({ tokenKey: tokenKeyOf(deps, token), requestId, confirmedAt: confirmedAt.toISOString() }, expiresAt);
  return token;
}

/** One answer for a token nobody issued, one that expired, and one that is malformed. */
export const unknownStatusToken = () => new NotFoundError('No late request has this status token', 'late_request_status_unknown');

export type LateRequestStatusState = 'pending' | 'approved' | 'rejected';

/**
 * What the applicant may see: the state, when it was decided and, once approved, the new
 * address. The school's reason stays with the school (free text, it may name others); a request
 * whose details turned out to belong to a mailbox already (`duplicate`: the phone on record was
 * told instead) stays `pending`, as does one whose record expired, so the answer never says who
 * is on record.
 */
export function statusView(token: StatusToken, request: LateRequest | null) {
  const state: LateRequestStatusState = request?.state === 'approved' ? 'approved' : request?.state === 'rejected' ? 'rejected' : 'pending';
  return {
    requestId: token.requestId,
    state,
    confirmedAt: token.confirmedAt,
    decidedAt: state === 'pending' ? null : (request?.decidedAt ?? null),
    address: state === 'approved' ? (request?.address ?? null) : null,
  };
}

/**
 * Public: the state of the request the token was issued for. Every lookup counts against the
 * source's hourly budget (429 `too_many_requests_from_network`), found or not; an unknown token
 * is a 404 `late_request_status_unknown`, whatever it looks like.
 */
export async function lateRequestStatus(token: string, sourceIp: string, deps: LateRequestStatusDeps) {
  const now = deps.clock.now();
  if (!(await deps.limiter.hit(deps.rateKey('late-status-source', sourceIp), STATUS_LOOKUP_LIMIT, now))) {
    throw new TooManyRequestsError('Too many requests from your network: try again in an hour', 'too_many_requests_from_network');
  }
  const found = await deps.statusTokens.get(tokenKeyOf(deps, token));
  // DynamoDB drops expired items within days, not at once: past its TTL a token is unknown.
  if (!found || found.expiresAt <= now) throw unknownStatusToken();
  return statusView(found.token, await deps.requests.get(found.token.requestId));
}
