import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, type Problem } from '../src/api/client';
import { explain } from '../src/api/explain';
import { LOCALES } from '../src/i18n/catalog';
import { createI18n } from '../src/i18n/i18n';

const SHARED = join(import.meta.dirname, '..', '..', 'shared');
const i18n = createI18n('en', 'Europe/Rome');
const problem = (status: number, code: string, extra: Partial<Problem> = {}) =>
  new ApiError(status, { type: 'about:blank', title: 'English text the page must not show', status, code, ...extra });

/** The snake_case codes written in some server modules: what the staff pages' routes can answer. */
function codesIn(files: string[]): Set<string> {
  const codes = new Set<string>();
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z]+(?:_[a-z]+)+)'/g)) codes.add(m[1] as string);
  return codes;
}
const inDir = (dir: string) =>
  readdirSync(join(SHARED, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SHARED, dir, f));

describe('every answer of the staff pages’ routes has a sentence in every language', () => {
  it('each error code thrown by activation, late requests, codes and passwords has its own message (or, listed here, its status’s)', () => {
    const codes = codesIn([join(SHARED, 'activation', 'activate.ts'), ...inDir('late-requests'), ...inDir('otp'), ...inDir('passwords')]);
    // Answers of the school admin's decision route (issue #16), not of a staff page.
    const notStaffPages = new Set(['address_taken', 'request_not_verified', 'already_decided']);
    expect(codes.size).toBeGreaterThan(8);
    for (const locale of LOCALES) {
      const { tMaybe } = createI18n(locale, 'UTC');
      const missing = [...codes].filter((c) => !notStaffPages.has(c) && !tMaybe(`errors.${c}`, { idKind: 'x', domain: 'x' }));
      expect(missing, locale).toEqual([]);
    }
  });

  it('each problem the import’s row validators report (a late request uses them) has a field message', () => {
    const codes = codesIn([
      join(SHARED, 'staff', 'staff-row.ts'),
      join(SHARED, 'staff', 'phone.ts'),
      join(SHARED, 'staff', 'address.ts'),
      ...inDir('staff/national-id'),
    ]);
    // A whole-row or type failure: the API names no field a person can fix; the form's own checks come first.
    const generic = new Set(['row_invalid', 'type_invalid']);
    for (const locale of LOCALES) {
      const { tMaybe } = createI18n(locale, 'UTC');
      const missing = [...codes].filter((c) => !generic.has(c) && !tMaybe(`fieldErrors.${c}`, { idKind: 'x', domain: 'x' }));
      expect(missing, locale).toEqual([]);
    }
  });
});

describe('explain', () => {
  it('says a known code in the page’s words, on the field it is about', () => {
    expect(explain(problem(400, 'code_invalid', { field: 'body.code' }), i18n)).toEqual({
      message: 'The code is not right. Check it and try again.',
      field: 'code',
      fields: {},
    });
  });

  it('puts each validation problem under its field, falling back to a generic sentence for an unknown code', () => {
    const out = explain(
      problem(400, 'validation_failed', {
        field: 'body.nationalId',
        errors: [
          { field: 'body.nationalId', code: 'national_id_checksum', message: 'x' },
          { field: 'body.phone', code: 'brand_new_code', message: 'x' },
        ],
      }),
      i18n,
      { idKind: 'SNILS' },
    );
    expect(out.fields).toEqual({ nationalId: 'This SNILS is not valid: check every digit.', phone: 'This value is not valid.' });
    expect(out.message).toBe('Some details are not right. Check the fields marked below.');
  });

  it('falls back to the status for a code it does not know, never to the code or the English title', () => {
    for (const [status, sentence] of [
      [403, 'Your account may not do this.'],
      [404, 'We could not find this. Start again.'],
      [409, 'This cannot be done right now.'],
      [429, 'Too many attempts. Wait a while and try again.'],
    ] as const) {
      const out = explain(problem(status, 'something_new'), i18n);
      expect(out.message).toBe(sentence);
      expect(out.message).not.toContain('something_new');
    }
  });

  it('gives a 5xx only the request id to quote, a failed fetch a network sentence, a 503 a try-later one', () => {
    expect(explain(problem(500, 'internal_error', { instance: 'req-123' }), i18n).message).toContain('req-123');
    expect(explain(new ApiError(0, null), i18n).message).toBe('The service cannot be reached. Check your connection and try again.');
    expect(explain(problem(503, 'dependency_unavailable'), i18n).message).toBe(
      'The service is busy or under maintenance. Try again in a few minutes.',
    );
  });

  it('tells a locked late request from a locked activation, and a reused password from a weak one', () => {
    expect(explain(problem(429, 'too_many_attempts'), i18n, { lockScope: 'request' }).message).toContain('this request is locked');
    expect(explain(problem(429, 'too_many_attempts'), i18n, { lockScope: 'activation' }).message).toContain('24 hours');
    expect(explain(problem(400, 'password_policy'), i18n, { passwordMeetsRules: true }).message).toBe(
      'Choose a password you have not used before.',
    );
    expect(explain(problem(400, 'password_policy'), i18n).message).toBe('The new password does not meet the rules shown below.');
  });

  it('explains Cognito’s sign-in answers, the trigger’s refusals included', () => {
    const cognito = (name: string, message = '') => Object.assign(new Error(message), { name });
    const say = (error: unknown, step?: 'sign-in' | 'new-password') => explain(error, i18n, { cognitoStep: step }).message;
    expect(say(cognito('NotAuthorizedException', 'Incorrect username or password.'))).toBe('The address or the password is not right.');
    expect(say(cognito('NotAuthorizedException', 'User is disabled.'))).toContain('This account is closed');
    expect(say(cognito('NotAuthorizedException', 'Invalid session for the user, session is expired.'))).toContain('took too long');
    expect(
      say(
        cognito(
          'UserLambdaValidationException',
          'PreAuthentication failed with error [temporary_password_expired] The temporary password expired.',
        ),
      ),
    ).toBe('Your temporary password has expired. The helpdesk can send you a new one.');
    expect(say(cognito('UserLambdaValidationException', 'PreAuthentication failed with error [password_expired] x'))).toContain(
      'Your password has expired',
    );
    // cognito-local names a wrong sign-in password InvalidPasswordException; at the new-password step it is the policy.
    expect(say(cognito('InvalidPasswordException'), 'sign-in')).toBe('The address or the password is not right.');
    expect(say(cognito('InvalidPasswordException'), 'new-password')).toBe('The new password does not meet the rules shown below.');
    expect(say(new TypeError('Failed to fetch'))).toContain('cannot be reached');
    expect(say(cognito('LimitExceededException'))).toBe('Too many attempts. Wait a while and try again.');
  });
});
