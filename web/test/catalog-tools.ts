import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlural, type MessageTree, type MessageValue } from '../src/i18n/format';

/** Every leaf of a catalog, by dotted key. */
export function leaves(tree: MessageTree, prefix = ''): Map<string, MessageValue> {
  const out = new Map<string, MessageValue>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string' || isPlural(value)) out.set(path, value);
    else for (const [k, v] of leaves(value as MessageTree, `${path}.`)) out.set(k, v);
  }
  return out;
}

/** The texts of a message: the string, or each plural form. */
export const texts = (value: MessageValue) =>
  typeof value === 'string' ? [value] : Object.values(value).filter((v): v is string => typeof v === 'string');

/** Every source file under `dir`, with its text, less the folders `skip` names. */
export function sources(dir: string, skip: readonly string[] = []): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return skip.includes(path) ? [] : sources(path, skip);
    return /\.tsx?$/.test(e.name) ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/** The literal keys a source passes to `t('…')`. */
export function usedKeys(text: string): string[] {
  return [...text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z_.-]+)'/g)].map((m) => m[1] as string);
}

/**
 * Keys whose text in a translation is the English sentence itself (three words or more, placeholders
 * aside): a text nobody translated. Short labels that are the same word in both (`Login`, `UTF-8`,
 * `Codice fiscale`) stay allowed.
 */
export function untranslated(english: Map<string, MessageValue>, catalog: Map<string, MessageValue>): string[] {
  const words = (text: string) =>
    text
      .replace(/\{[^}]*\}/g, ' ')
      .split(/\s+/)
      .filter((word) => /\p{L}{2,}/u.test(word)).length;
  return [...catalog].flatMap(([key, value]) => {
    const reference = english.get(key);
    if (reference === undefined) return [];
    const same = texts(value).filter((text) => words(text) >= 3 && texts(reference).includes(text));
    return same.length ? [`${key}: ${same[0]}`] : [];
  });
}

/**
 * Keys of a Russian catalog that address the reader with a lowercase «вы/ваш…»: the console
 * addresses people with the courtesy capital («Вы», «Ваш»), as Posta's letters and SMS do.
 */
export function lowercaseYou(catalog: Map<string, MessageValue>): string[] {
  const you = /(?<![А-Яа-яЁё])(вы|вас|вам|вами|ваш[а-яё]*)(?![А-Яа-яЁё])/u;
  return [...catalog].flatMap(([key, value]) =>
    texts(value)
      .filter((text) => you.test(text))
      .map((text) => `${key}: ${text}`),
  );
}
