import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { common } from '../src/desks/common/messages';
import { LOCALES, type Locale } from '../src/i18n/catalog';
import { CATALOGS } from '../src/i18n/catalogs';
import { isPlural, type MessageTree, type MessageValue, placeholders } from '../src/i18n/format';
import { leaves, lowercaseYou, sources, texts, untranslated, usedKeys } from './catalog-tools';

/**
 * Every desk's own catalog (`web/src/desks/<desk>/messages.ts`, exporting `messages`) and the
 * common desk texts: the same keys and placeholders in it, ru, tr as in English, every plural
 * form each language needs, no top-level key shadowing the main catalog's, and every literal
 * `t('…')` key a desk's pages use found in its catalog, the common one or the main one.
 */
const DESKS = join(import.meta.dirname, '..', 'src', 'desks');
type AnyDesk = Record<Locale, MessageTree>;
const catalogs = import.meta.glob<AnyDesk>(['../src/desks/*/messages.ts', '!../src/desks/common/messages.ts'], {
  import: 'messages',
  eager: true,
});
const desks: Array<[string, AnyDesk]> = [
  ['common', common as unknown as AnyDesk],
  ...Object.entries(catalogs).map(([file, m]): [string, AnyDesk] => [file.split('/').at(-2) as string, m]),
];
const main = leaves(CATALOGS.en as unknown as MessageTree);
const shared = leaves(common.en as unknown as MessageTree);

it('finds a catalog for every desk folder', () => {
  const folders = readdirSync(DESKS, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'common');
  expect(desks.map(([name]) => name).sort()).toEqual(['common', ...folders.map((e) => e.name)].sort());
});

describe.each(desks)('the %s desk', (name, messages) => {
  const reference = leaves(messages.en);

  it.each(LOCALES)('has in %s exactly the English keys and placeholders, every plural form', (locale) => {
    const catalog = leaves(messages[locale]);
    expect([...catalog.keys()].sort()).toEqual([...reference.keys()].sort());
    const rules = new Intl.PluralRules(locale);
    const needed = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
    for (const [key, value] of catalog) {
      for (const text of texts(value)) expect(text.trim(), `${locale} ${key}`).not.toBe('');
      const expected = placeholders(texts(reference.get(key) as MessageValue)[0] ?? '');
      for (const text of texts(value)) expect(placeholders(text), `${locale} ${key}`).toEqual(expected);
      if (isPlural(value)) for (const c of needed) expect(value[c as keyof typeof value], `${locale} ${key}: ${c}`).toBeTruthy();
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('has every sentence translated in %s (none left in English)', (locale) => {
    expect(untranslated(reference, leaves(messages[locale]))).toEqual([]);
  });

  it('addresses the reader as «Вы» in Russian', () => {
    expect(lowercaseYou(leaves(messages.ru))).toEqual([]);
  });

  it('shadows no key of the main catalog nor the common desk texts', () => {
    if (name === 'common') return;
    const tops = Object.keys(messages.en);
    expect(tops.filter((k) => k === 'desk' || k in CATALOGS.en)).toEqual([]);
  });

  it('uses only keys that exist', () => {
    if (name === 'common') return;
    const used = new Set(sources(join(DESKS, name)).flatMap(({ text }) => usedKeys(text)));
    expect([...used].filter((k) => !reference.has(k) && !shared.has(k) && !main.has(k))).toEqual([]);
  });
});
