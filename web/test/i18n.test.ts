import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../src/i18n/catalog';
import { CATALOGS } from '../src/i18n/catalogs';
import { cloudscapeRu } from '../src/i18n/cloudscape-ru';
import { formatMessage, isPlural, type MessageTree, type MessageValue, placeholders } from '../src/i18n/format';
import { createI18n } from '../src/i18n/i18n';
import { leaves, lowercaseYou, sources, texts, untranslated, usedKeys } from './catalog-tools';

const SRC = join(import.meta.dirname, '..', 'src');

const reference = leaves(CATALOGS.en as unknown as MessageTree);

describe.each(LOCALES)('the %s catalog', (locale) => {
  const catalog = leaves(CATALOGS[locale] as unknown as MessageTree);

  it('has exactly the keys of the English one, none empty', () => {
    expect([...catalog.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, value] of catalog) for (const text of texts(value)) expect(text.trim(), key).not.toBe('');
  });

  it('has every sentence translated (none left in English)', () => {
    if (locale !== 'en') expect(untranslated(reference, catalog)).toEqual([]);
  });

  it('addresses the reader as «Вы» (Russian)', () => {
    if (locale === 'ru') expect(lowercaseYou(catalog)).toEqual([]);
  });

  it('uses the same placeholders as English in every message and plural form', () => {
    for (const [key, value] of catalog) {
      const expected = placeholders(texts(reference.get(key) as MessageValue)[0] ?? '');
      for (const text of texts(value)) expect(placeholders(text), `${locale} ${key}`).toEqual(expected);
    }
  });

  it('has every plural form the language needs for counts 0 to 1,000', () => {
    const rules = new Intl.PluralRules(locale);
    const needed = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
    for (const [key, value] of catalog) {
      if (!isPlural(value)) continue;
      for (const category of needed) expect(value[category as keyof typeof value], `${locale} ${key}: ${category}`).toBeTruthy();
    }
  });
});

describe('message keys used by the pages', () => {
  it('exist in the catalog (t("…") with a literal key)', () => {
    const used = new Set<string>();
    // The desks have their own catalogs, checked by web/test/desk-i18n.test.ts.
    for (const { text } of sources(SRC, [join(SRC, 'desks')])) for (const key of usedKeys(text)) used.add(key);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !reference.has(k))).toEqual([]);
  });

  it('format numbers and plurals the language’s way', () => {
    expect(createI18n('ru', 'Europe/Moscow').t('newPassword.deadline', { count: 7 })).toBe(
      'Временный пароль действует 7 дней после отправки.',
    );
    expect(createI18n('ru', 'Europe/Moscow').t('newPassword.deadline', { count: 1 })).toBe(
      'Временный пароль действует 1 день после отправки.',
    );
    expect(createI18n('it', 'Europe/Rome').t('passwordRules.minLength', { count: 12 })).toBe('almeno 12 caratteri');
    expect(createI18n('tr', 'Europe/Istanbul').date('2027-02-03T10:00:00Z')).toBe('3 Şubat 2027');
    // A Russian long date ends with «г.»: the sentence's full stop is not doubled after it.
    const ru = createI18n('ru', 'Europe/Moscow');
    expect(ru.date('2026-12-11T10:00:00Z')).toBe('11 декабря 2026 г.');
    expect(formatMessage('Ожидает утверждения до {date}. После', 'ru', { date: ru.date('2026-12-11T10:00:00Z') })).toBe(
      'Ожидает утверждения до 11 декабря 2026 г. После',
    );
    expect(formatMessage('Resumed from row {row}.', 'en', { row: 3 })).toBe('Resumed from row 3.');
    expect(createI18n('en', 'Europe/Rome').relativeDays('2027-02-08T10:00:00Z', new Date('2027-02-03T10:00:00Z'))).toBe('in 5 days');
  });
});

describe('Cloudscape’s own strings in Russian', () => {
  it('cover every key Cloudscape has in English for each component the console imports', () => {
    const english = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', 'node_modules', '@cloudscape-design', 'components', 'i18n', 'messages', 'all.en.json'),
        'utf8',
      ),
    )['cloudscape-design-components'].en as Record<string, Record<string, unknown>>;
    const used = new Set<string>();
    for (const { text } of sources(SRC))
      for (const m of text.matchAll(/@cloudscape-design\/components\/([a-z-]+)'/g)) used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(10);
    const russian = cloudscapeRu['cloudscape-design-components']?.ru ?? {};
    const missing = [...used].flatMap((component) =>
      Object.keys(english[component] ?? {})
        .filter((key) => !russian[component]?.[key])
        .map((key) => `${component}: ${key}`),
    );
    expect(missing).toEqual([]);
  });
});
