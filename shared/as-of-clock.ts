import type { SQSRecord } from 'aws-lambda';
import { type Clock, systemClock } from './clock';

/**
 * How the "as of" instant of a job run travels to the queue consumers it triggers.
 *
 * A scheduled job runs as of its event's `time` (`npm run job -- launch-lots --at 2027-01-31`
 * locally). Every message such a run sends carries that instant in the message attribute
 * `posta-as-of`; a consumer that honours it runs the message by a clock that started there when
 * the message was sent (`SentTimestamp`) and moves on as real time does, so a delayed wave or a
 * retry an hour later is an hour later there too. Consumers pass their clock on to the messages
 * they send, so the instant reaches the end of a chain (launch → provision → email).
 *
 * Honoured only where the deployment says so (`POSTA_AS_OF_CLOCK=honour`, which `npm start` sets):
 * in the cloud a schedule's `time` is the real time anyway, and no message attribute may move a
 * consumer's clock there.
 */
export const AS_OF_ATTRIBUTE = 'posta-as-of';

/** Whether this deployment's consumers run messages by their `posta-as-of` instant (local stacks only). */
export const asOfHonoured = (env: NodeJS.ProcessEnv = process.env) => env.POSTA_AS_OF_CLOCK === 'honour';

/** The SQS message attribute that carries a producer's "now". */
export function asOfAttributes(clock: Clock) {
  return { [AS_OF_ATTRIBUTE]: { DataType: 'String', StringValue: clock.now().toISOString() } };
}

/** A clock that reads `asOf` at the real instant `since` and runs on with `real`. */
export function shiftedClock(asOf: Date, since: Date, real: Clock = systemClock): Clock {
  const offset = asOf.getTime() - since.getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/**
 * The clock a consumer runs one record by: the producer's "as of" instant moved on by the time
 * since it was sent, when honoured and present; the real clock otherwise.
 */
export function recordClock(
  record: Pick<SQSRecord, 'messageAttributes' | 'attributes'>,
  honoured: boolean,
  real: Clock = systemClock,
): Clock {
  const asOf = record.messageAttributes?.[AS_OF_ATTRIBUTE]?.stringValue;
  if (!honoured || !asOf) return real;
  const at = new Date(asOf);
  const sent = new Date(Number(record.attributes?.SentTimestamp));
  if (Number.isNaN(at.getTime()) || Number.isNaN(sent.getTime())) return real;
  return shiftedClock(at, sent, real);
}
