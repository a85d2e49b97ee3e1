import { expect, describe as group, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../shared/audit/audit-actions';
import { ROLES } from '../../shared/auth/role-names';
import { ApiError } from '../src/api/client';
import { everyPage } from '../src/desks/common/every-page';
import { monthName, weekNumber } from '../src/desks/common/instant';
import { common } from '../src/desks/common/messages';
import { describe } from '../src/desks/common/ProblemAlert';
import { actionWords, outcomeWord, roleWords } from '../src/desks/common/trail-words';
import { LOCALES } from '../src/i18n/catalog';
import { formatMessage, lookup, type MessageTree, type Params } from '../src/i18n/format';

const t = ((key: string, params?: Params) => formatMessage(lookup(common.it as unknown as MessageTree, key) ?? key, 'it', params)) as never;
const problem = (status: number, extra: Record<string, unknown> = {}) =>
  new ApiError(status, { type: 'about:blank', title: 'Forbidden', status, code: 'institution_out_of_scope', ...extra });

group('a desk explains a failed call', () => {
  it('403: no access, with the API’s own reason (in the console’s language, sent by Accept-Language)', () => {
    expect(describe(problem(403, { detail: 'Questa istituzione è fuori dal tuo ambito.' }), t)).toEqual({
      header: 'Non hai accesso a questa funzione',
      text: 'Questa istituzione è fuori dal tuo ambito.',
      fields: [],
    });
    expect(describe(problem(403), t).text).toBe(formatMessage(common.it.desk.forbiddenText, 'it'));
  });

  it('400: what to check, field by field, never a raw code', () => {
    const bad = problem(400, {
      code: 'validation_failed',
      detail: 'Dati non validi.',
      errors: [{ field: 'body.institutionCode', code: 'invalid', message: 'Invalid', detail: 'Codice non valido.' }],
    });
    expect(describe(bad, t)).toEqual({
      header: 'Controlla i dati inseriti',
      text: 'Dati non validi.',
      fields: ['institutionCode: Codice non valido.'],
    });
  });

  it('network and 5xx: what to do, with the request’s reference', () => {
    expect(describe(new ApiError(0, null), t).text).toMatch(/non è raggiungibile/);
    expect(describe(new TypeError('x'), t).text).toMatch(/non è raggiungibile/);
    expect(describe(problem(500, { instance: 'req-42' }), t).text).toMatch(/req-42/);
  });
});

group('a picker reads every page of a listing', () => {
  it('follows nextCursor to the end, in order; stops after its page bound and says so', async () => {
    const pages: Record<string, { items: number[]; nextCursor?: string | null }> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [4], nextCursor: null },
    };
    const asked: Array<string | undefined> = [];
    const load = async (cursor: string | undefined) => {
      asked.push(cursor);
      return pages[cursor ?? 'first'] as { items: number[]; nextCursor?: string | null };
    };
    expect(await everyPage(load)).toEqual({ items: [1, 2, 3, 4], complete: true });
    expect(asked).toEqual([undefined, 'b', 'c']);
    expect(await everyPage(load, 2)).toEqual({ items: [1, 2, 3], complete: false });
  });
});

group('an audit record’s role and outcome in words', () => {
  it.each(LOCALES)('names every role the API grants and every outcome the trail records, in %s', (locale) => {
    for (const role of ROLES) expect(roleWords(role, locale), role).not.toBe(role);
    // shared/audit/audit-log.ts: AuditEntry.outcome
    for (const outcome of ['success', 'refused', 'failed']) expect(outcomeWord(outcome, locale)).not.toBe(outcome);
  });

  it('reads several roles (shared/http/actor-route.ts joins them with commas) and keeps an unknown code as it is', () => {
    expect(roleWords('operator,auditor', 'ru')).toBe('Оператор, Аудитор');
    expect(roleWords('system', 'it')).toBe('Sistema');
    expect(roleWords('robot', 'tr')).toBe('robot');
    expect(outcomeWord('refused', 'ru')).toBe('Отказано');
  });
});

group('a report’s month', () => {
  it('is named the language’s way, not as yyyy-mm', () => {
    expect(monthName('2026-12', 'it')).toBe('dicembre 2026');
    expect(monthName('2026-12', 'ru')).toBe('декабрь 2026 г.');
    expect(monthName('2027-01', 'tr')).toBe('Ocak 2027');
    expect(monthName('2027-01', 'en')).toBe('January 2027');
  });

  it('says its ISO week as a number (Turkish «49. hafta», not «2026-W49. hafta»)', () => {
    expect(weekNumber('2026-W49')).toBe('49');
    expect(weekNumber('2027-W05')).toBe('5');
    expect(weekNumber('soon')).toBe('soon');
  });
});

group('an audit record’s action in words', () => {
  it.each(LOCALES)('says every action Posta records (shared/audit/audit-actions.ts) in %s, and no other', (locale) => {
    for (const action of AUDIT_ACTIONS) expect(actionWords(action, locale), action).not.toBe(action);
    const { route, ...families } = common[locale].desk.auditActions;
    const worded = Object.entries(families).flatMap(([family, names]) => Object.keys(names).map((name) => `${family}.${name}`));
    expect(worded.sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(route).toContain('{route}');
  });

  it('says a refused call with its route, keeps an unknown code as it is', () => {
    expect(actionWords('support.member-viewed', 'en')).toBe('Member viewed by support');
    expect(actionWords('password.reset-by-support', 'ru')).toBe('Пароль сброшен службой поддержки');
    expect(actionWords('member.password-expired', 'it')).toBe('Password scaduta');
    expect(actionWords('route.getSupportMember', 'tr')).toBe('Çağrı: getSupportMember');
    expect(actionWords('robot.waved', 'en')).toBe('robot.waved');
    expect(actionWords('support.nothing', 'en')).toBe('support.nothing');
    expect(actionWords('support.toString', 'en')).toBe('support.toString');
    expect(actionWords('plain', 'en')).toBe('plain');
  });
});
