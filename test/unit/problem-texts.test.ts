import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../shared/errors';
import { httpRoute } from '../../shared/http/route';
import { isProblemCode, PROBLEM_TEXTS, preferredLocale, problemDetail } from '../../shared/i18n/problem-texts';
import { LOCALES } from '../../shared/profiles';
import { context, httpEvent } from '../helpers/http-event';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((f) => {
    const p = join(dir, f);
    return statSync(join(ROOT, p)).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The argument text of a call starting right after its `(`, up to the matching `)`. */
function argsAt(src: string, start: number): string {
  let depth = 1;
  let quote: string | null = null;
  let i = start;
  for (; i < src.length && depth > 0; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c as string)) depth++;
    else if (')]}'.includes(c as string)) depth--;
  }
  return src.slice(start, i - 1);
}

/**
 * Every code a problem answer is thrown with, found in the source: the snake_case literals given to
 * a DomainError (or a subclass) outside the field list of a ValidationError (those are field codes,
 * under `errors`; the problem's own code is then `validation_failed`). The type of the
 * constructors already refuses a code without texts; this reads what was actually written.
 */
function thrownCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const errorClasses = /new ([A-Z][A-Za-z]*Error)\(|super\(\s*\d{3}\s*,/g;
  const notDomain = new Set([
    'Error',
    'TypeError',
    'RangeError',
    'ConfigError',
    'ProfileError',
    'CsvFileError',
    'SmsRejectedError',
    'SignInRefusedError',
  ]);
  for (const file of [...sources('shared'), ...sources('functions'), ...sources('local')]) {
    const src = readFileSync(join(ROOT, file), 'utf8');
    for (const m of src.matchAll(errorClasses)) {
      const name = m[1] ?? 'super';
      if (notDomain.has(name)) continue;
      if (name === 'ValidationError') {
        found.set('validation_failed', file);
        continue;
      }
      const args = argsAt(src, (m.index ?? 0) + m[0].length);
      for (const [, code] of args.matchAll(/['"]([a-z][a-z0-9]*(?:_[a-z0-9]+)+)['"]/g)) found.set(code as string, file);
    }
  }
  return found;
}

/** Modules that deal only in row, file and field problems: every snake_case literal in them is a code. */
const PROBLEM_ONLY_DIRS = ['shared/staff', 'shared/imports', 'shared/institutions', 'shared/otp'];
/** Codes written in the source that no API answer carries, and where they are told instead. */
const NOT_ANSWERED: Record<string, string> = {
  password_expired: 'a sign-in decision, told by the Cognito trigger (shared/identity/sign-in-policy.ts)',
  temporary_password_expired: 'a sign-in decision, told by the Cognito trigger (shared/identity/sign-in-policy.ts)',
  route_not_found: 'the local API server’s own 404 (local/api-server.ts), not a route’s answer',
};

/**
 * Every field code written in the source: `code: '…'` anywhere (a field problem's literal), and
 * every snake_case literal of the problem-only modules (validators pass their codes as arguments).
 */
function fieldCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sources('shared'), ...sources('functions')]) {
    const src = readFileSync(join(ROOT, file), 'utf8');
    for (const [, code] of src.matchAll(/\bcode: '([a-z][a-z0-9_]*)'/g)) found.set(code as string, file);
    if (PROBLEM_ONLY_DIRS.some((dir) => file.startsWith(dir))) {
      for (const [, code] of src.matchAll(/'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'/g)) found.set(code as string, file);
    }
  }
  for (const code of Object.keys(NOT_ANSWERED)) found.delete(code);
  return found;
}

describe('problem texts', () => {
  it('every code thrown anywhere has a text in it, ru, tr and en', () => {
    const codes = thrownCodes();
    expect(codes.size).toBeGreaterThan(40);
    for (const [code, file] of codes) {
      expect(isProblemCode(code), `${code} (thrown in ${file}) has no texts in shared/i18n/problem-texts.ts`).toBe(true);
    }
  });

  it('every field code (import rows, validators, use cases) has a text in it, ru, tr and en', () => {
    const codes = fieldCodes();
    expect(codes.size).toBeGreaterThan(40);
    for (const [code, file] of codes) {
      expect(isProblemCode(code), `${code} (written in ${file}) has no texts in shared/i18n/problem-texts.ts`).toBe(true);
    }
    // Main's institution registry, boundary and public SMS gate among them.
    for (const code of ['institution_unknown', 'member_in_other_institution', 'name_unsafe_characters', 'phone_country_not_allowed']) {
      expect(codes.has(code), code).toBe(true);
    }
  });

  it('every text exists in every locale, is a sentence, and differs from the English one where it should', () => {
    for (const code of Object.keys(PROBLEM_TEXTS)) {
      for (const locale of LOCALES) {
        for (const params of [{}, { triesLeft: 1 }, { triesLeft: 3 }] as Array<Record<string, number>>) {
          const text = problemDetail(code, locale, params) ?? '';
          expect(text.trim(), `${code}/${locale}`).not.toBe('');
          expect(text, `${code}/${locale}`).toMatch(/[.!?)]$/);
          expect(text, `${code}/${locale}`).not.toMatch(/\.\.|\s[.,:;]|\(\s*\)|undefined/);
        }
      }
      expect(new Set(LOCALES.map((l) => problemDetail(code, l))).size, code).toBe(LOCALES.length);
    }
  });

  it('counts the tries left in each language’s plural forms (no "1 tries left")', () => {
    const detail = (locale: (typeof LOCALES)[number], n: number) => problemDetail('code_invalid', locale, { triesLeft: n });
    expect(detail('en', 1)).toBe('The code is not right (1 try left).');
    expect(detail('en', 4)).toBe('The code is not right (4 tries left).');
    expect(detail('it', 1)).toContain('(1 tentativo rimasto)');
    expect(detail('it', 2)).toContain('(2 tentativi rimasti)');
    expect(detail('ru', 1)).toContain('осталось: 1 попытка');
    expect(detail('ru', 3)).toContain('осталось: 3 попытки');
    expect(detail('ru', 5)).toContain('осталось: 5 попыток');
    expect(detail('ru', 21)).toContain('осталось: 21 попытка');
    expect(detail('tr', 1)).toContain('kalan: 1 deneme hakkı');
    expect(detail('en', Number.NaN)).toBeDefined();
    expect(problemDetail('code_invalid', 'en')).toBe('The code is not right.');
  });

  it('picks the caller’s language from Accept-Language by quality, English otherwise', () => {
    expect(preferredLocale('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru');
    expect(preferredLocale('de-DE, tr;q=0.5, it;q=0.7')).toBe('it');
    expect(preferredLocale('TR')).toBe('tr');
    expect(preferredLocale('fr, de;q=0.9')).toBe('en');
    expect(preferredLocale('it;q=0, ru;q=0.1')).toBe('ru');
    expect(preferredLocale('*')).toBe('en');
    expect(preferredLocale(undefined)).toBe('en');
    expect(preferredLocale(';;,q=x')).toBe('en');
  });
});

describe('problem answers in the caller’s language', () => {
  type Result = { statusCode: number; headers: Record<string, string>; body: string };
  const failing = httpRoute({ auth: 'public' }, async () => {
    throw new DomainError(400, 'code_invalid', 'The code is not right (1 try left)', 'body.code').withParams({ triesLeft: 1 });
  });
  const call = async (headers: Record<string, string>) =>
    (await failing(httpEvent({ headers }) as never, context as never)) as unknown as Result;

  it('detail follows Accept-Language; code, title and field stay the same for every client', async () => {
    const ru = await call({ 'accept-language': 'ru-RU,ru;q=0.9' });
    expect(ru.statusCode).toBe(400);
    expect(ru.headers['content-language']).toBe('ru');
    expect(ru.headers.vary).toBe('accept-language');
    expect(JSON.parse(ru.body)).toMatchObject({
      code: 'code_invalid',
      title: 'The code is not right (1 try left)',
      detail: 'Неверный код (осталось: 1 попытка).',
      field: 'body.code',
    });
    const none = JSON.parse((await call({})).body);
    expect(none.detail).toBe('The code is not right (1 try left).');
    expect(JSON.parse((await call({ 'Accept-Language': 'tr' })).body).detail).toBe('Kod yanlış (kalan: 1 deneme hakkı).');
  });

  it('each field problem is told in the caller’s language too (its code and English message stay)', async () => {
    const refused = httpRoute({ auth: 'public' }, async () => {
      throw new ValidationError([
        { field: 'body.phone', code: 'phone_country_not_allowed', message: 'Codes are sent only to mobile numbers of Italy' },
        { field: 'body.institutionCode', code: 'institution_unknown', message: 'No institution with this code is registered' },
        { field: 'body.x', code: 'brand_new_code', message: 'Something new' },
      ]);
    });
    const res = (await refused(httpEvent({ headers: { 'accept-language': 'tr-TR' } }) as never, context as never)) as unknown as Result;
    expect(JSON.parse(res.body)).toMatchObject({
      code: 'validation_failed',
      detail: 'İstek geçerli değil: belirtilen alanları kontrol edin.',
      errors: [
        {
          field: 'body.phone',
          code: 'phone_country_not_allowed',
          message: 'Codes are sent only to mobile numbers of Italy',
          detail: 'Kodlar yalnızca bu hizmetin ülkelerindeki cep telefonlarına gönderilir.',
        },
        { field: 'body.institutionCode', code: 'institution_unknown', detail: 'Bu kodla kayıtlı bir kurum yok.' },
        { field: 'body.x', code: 'brand_new_code', message: 'Something new' },
      ],
    });
    expect(JSON.parse(res.body).errors[2]).not.toHaveProperty('detail');
  });

  it('a validation problem and an internal error are told in the caller’s language too', async () => {
    const broken = httpRoute({ auth: 'public' }, async () => {
      throw new Error('boom');
    });
    const res = (await broken(httpEvent({ headers: { 'accept-language': 'it' } }) as never, context as never)) as unknown as Result;
    expect(JSON.parse(res.body)).toMatchObject({ status: 500, code: 'internal_error', detail: expect.stringContaining('Riprovi') });
    expect(res.body).not.toContain('boom');
  });
});
