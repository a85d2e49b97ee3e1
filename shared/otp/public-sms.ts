import { getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DomainError, TooManyRequestsError, ValidationError } from '../errors';
import type { Profile } from '../profiles';
import type { RateLimiter } from './rate-limit';

/**
 * The gate in front of every public route that makes Posta send an SMS: late requests, activation
 * step 1 and forgot password (`profile.publicSms`). It runs before anything is looked up, so its
 * answers are the same whoever the details belong to. Forgot password names a login, not a phone:
 * only the source and the deployment-wide budget apply there (the code goes to the phone Cognito
 * holds for the account).
 */
export interface PublicSmsDeps {
  limiter: RateLimiter;
  /** `(kind, value) → key`: keyed hash, so no counter names an IP or a phone number. */
  rateKey(kind: string, value: string): string;
  profile: Pick<Profile, 'publicSms'>;
}

const HOUR = 3_600;

/** The block of 10,000 numbers a number belongs to: its E.164 digits without the last 4. */
export const phonePrefix = (e164: string) => e164.slice(0, -4);

/** The region (ISO 3166, libphonenumber-js) of a valid E.164 number, or null. */
export const phoneCountry = (e164: string) => parsePhoneNumberFromString(e164)?.country ?? null;

/** Whether public codes may go to this number: a valid mobile of one of the profile's countries. */
export const publicSmsReaches = (e164: string, rules: Pick<Profile['publicSms'], 'countries'>) => {
  const country = phoneCountry(e164);
  return country !== null && rules.countries.includes(country);
};

/** `IT (+39)`, the way a caller can act on it. */
const describeCountries = (countries: readonly string[]) =>
  countries
    .map((c) => {
      try {
        return `${c} (+${getCountryCallingCode(c as never)})`;
      } catch {
        return c;
      }
    })
    .join(', ');

/**
 * Refuses a phone outside the profile's countries (400 `phone_country_not_allowed` on `field`),
 * then counts the request against the source's, the number range's and the deployment's hourly
 * budgets (429 `too_many_requests_from_network`, `too_many_requests_for_number_range`,
 * `sms_budget_exhausted`). Each budget is one conditional counter (`RateLimiter`), so parallel
 * requests never pass a limit.
 */
export async function admitPublicSms(
  request: { sourceIp: string; phone?: { e164: string; field: string } },
  now: Date,
  deps: PublicSmsDeps,
): Promise<void> {
  const rules = deps.profile.publicSms;
  if (request.phone) {
    if (!publicSmsReaches(request.phone.e164, rules)) {
      throw new ValidationError([
        {
          field: request.phone.field,
          code: 'phone_country_not_allowed',
          message: `Codes are sent only to mobile numbers of ${describeCountries(rules.countries)}`,
        },
      ]);
    }
  }
  if (
    !(await deps.limiter.hit(deps.rateKey('sms-source', request.sourceIp), { limit: rules.perSourceIpHourly, windowSeconds: HOUR }, now))
  ) {
    throw new TooManyRequestsError('Too many requests from your network: try again in an hour', 'too_many_requests_from_network');
  }
  if (
    request.phone &&
    !(await deps.limiter.hit(
      deps.rateKey('sms-prefix', phonePrefix(request.phone.e164)),
      { limit: rules.perPhonePrefixHourly, windowSeconds: HOUR },
      now,
    ))
  ) {
    throw new TooManyRequestsError(
      'Too many codes were sent to numbers like this one: try again later',
      'too_many_requests_for_number_range',
    );
  }
  if (!(await deps.limiter.hit('sms-global', { limit: rules.globalHourly, windowSeconds: HOUR }, now))) {
    throw new SmsBudgetExhaustedError();
  }
}

/** The deployment's hourly SMS budget for public routes is spent: nobody gets a code this hour. */
export class SmsBudgetExhaustedError extends DomainError {
  constructor() {
    super(429, 'sms_budget_exhausted', 'The text message service is busy: try again later');
  }
}
