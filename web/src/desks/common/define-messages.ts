import type { Locale } from '../../i18n/catalog';
import type { Catalog, MessageTree } from '../../i18n/format';

/**
 * A desk's own texts, in the four languages, beside its pages (they load with the desk's chunk,
 * not with the staff entry). English is the reference: every other language has exactly its
 * keys and placeholders (`web/test/desk-i18n.test.ts` checks every desk). A desk's top-level
 * keys must not reuse the main catalog's (`app`, `errors` …) nor `desk` (the common texts).
 *
 * In a module of its own, free of React, so a Chromium test can import a desk's `messages.ts`
 * (`session.deskT(messages, key)`) from the root project.
 */
export type DeskMessages<T> = { en: T } & Record<Exclude<Locale, 'en'>, Catalog<T>>;

export function defineDeskMessages<const T extends MessageTree>(messages: DeskMessages<T>): DeskMessages<T> {
  return messages;
}
