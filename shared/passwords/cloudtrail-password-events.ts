import * as z from 'zod';
import { fixedClock } from '../clock';
import { logger } from '../logger';
import type { PasswordRecords } from './password-records';
import { type PasswordEvent, type RecordDeps, recordPasswordEvent } from './record-password-event';

/** CloudTrail's "AWS API Call via CloudTrail" event, as EventBridge puts it on the queue; only what is read. */
export const cloudTrailEventSchema = z.object({
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  detail: z.object({
    eventName: z.string(),
    eventTime: z.string(),
    eventID: z.string(),
    errorCode: z.string().optional(),
    requestParameters: z.record(z.string(), z.unknown()).nullish(),
    additionalEventData: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type CloudTrailEvent = z.infer<typeof cloudTrailEventSchema>;

/** Who the call was about: the login when CloudTrail kept it, else the user's `sub` when it gave one. */
export interface EventUser {
  login?: string;
  sub?: string;
}

export type Capture =
  | { action: 'ignore'; reason: string }
  | { action: 'record'; kind: PasswordEvent['kind']; user: EventUser; at: string; eventId: string; eventName: string };

/** Cognito writes `HIDDEN_DUE_TO_SECURITY_REASONS` (or similar) in place of secrets and tokens. */
const known = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && !/^HIDDEN_/.test(value) ? value : undefined;

/**
 * What a CloudTrail password event says. CloudTrail hides passwords, tokens and challenge
 * responses, so the user is known only where Cognito logs it: `username` of AdminSetUserPassword
 * and ConfirmForgotPassword; the access token of ChangePassword is hidden, so that call (and
 * RespondToAuthChallenge, whose USERNAME is a challenge response) resolves only through a `sub`
 * the event carries in `additionalEventData`, when it does — otherwise it is logged and dropped.
 * Failed calls and temporary passwords (`permanent: false`, Posta's own credential path, which
 * records itself) change nothing.
 */
export function interpret(event: CloudTrailEvent): Capture {
  const { eventName, eventTime, eventID, errorCode } = event.detail;
  const params = event.detail.requestParameters ?? {};
  const extra = event.detail.additionalEventData ?? {};
  if (errorCode) return { action: 'ignore', reason: 'failed-call' };
  const user: EventUser = { login: known(params.username) ?? known(params.userName), sub: known(extra.sub) };
  const record = (kind: PasswordEvent['kind']): Capture =>
    user.login || user.sub
      ? { action: 'record', kind, user, at: new Date(eventTime).toISOString(), eventId: eventID, eventName }
      : { action: 'ignore', reason: 'user-not-in-event' };
  switch (eventName) {
    case 'AdminSetUserPassword':
      return params.permanent === true ? record('password.reset') : { action: 'ignore', reason: 'temporary-password' };
    case 'ConfirmForgotPassword':
      return record('password.reset');
    case 'ChangePassword':
      return record('password.changed');
    case 'RespondToAuthChallenge': {
      const challenge = known(params.challengeName);
      if (challenge && challenge !== 'NEW_PASSWORD_REQUIRED') return { action: 'ignore', reason: 'not-a-password-challenge' };
      return record('password.changed');
    }
    default:
      return { action: 'ignore', reason: 'not-a-password-event' };
  }
}

/**
 * Posta records its own password calls right after Cognito answers; CloudTrail's `eventTime` is
 * when the call was made, to the second. A recorded change this close to (or after) the event
 * is the same change.
 */
export const SAME_CHANGE_MS = 5 * 60_000;

export interface CaptureDeps extends RecordDeps {
  records: PasswordRecords;
  /** The login behind a `sub` (Cognito AdminGetUser), null when the pool has no such user. */
  loginOfSub(sub: string): Promise<string | null>;
}

export type CaptureOutcome = 'recorded' | 'already-recorded' | 'no-member' | 'unresolved' | 'ignored';

/**
 * Records a password change made directly against Cognito, through the same path as Posta's own
 * (`recordPasswordEvent`: `passwordChangedAt` as of the event, warnings reset, deadline re-filed,
 * audited, member told by email with the event id as business key). Idempotent: a change Posta
 * already recorded, or a redelivered event, is recognised by `passwordChangedAt` and skipped.
 */
export async function capturePasswordEvent(event: CloudTrailEvent, deps: CaptureDeps): Promise<CaptureOutcome> {
  const capture = interpret(event);
  if (capture.action === 'ignore') {
    logger.info('password event ignored', { eventName: event.detail.eventName, reason: capture.reason });
    return 'ignored';
  }
  const login = capture.user.login ?? (capture.user.sub ? await deps.loginOfSub(capture.user.sub) : null);
  if (!login) {
    logger.warn('password event for an unknown user', { eventName: capture.eventName, eventId: capture.eventId });
    return 'unresolved';
  }
  const member = await deps.records.memberByLogin(login);
  if (!member) return 'no-member';
  if (member.passwordChangedAt && Date.parse(member.passwordChangedAt) >= Date.parse(capture.at) - SAME_CHANGE_MS) {
    return 'already-recorded';
  }
  await recordPasswordEvent(
    {
      kind: capture.kind,
      login,
      actor: `cognito:${capture.eventName}`,
      // An admin call (console, CLI) set it; every other call is the user's own.
      role: capture.eventName === 'AdminSetUserPassword' ? 'cognito-admin' : 'self',
      requestId: capture.eventId,
    },
    { ...deps, clock: fixedClock(capture.at) },
  );
  return 'recorded';
}
