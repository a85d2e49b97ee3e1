import { useMemo } from 'react';
import type { Key, Locale } from '../../i18n/catalog';
import { type Catalog, formatMessage, lookup, type MessageKey, type MessageTree, type Params } from '../../i18n/format';
import { type I18n, useI18n } from '../../i18n/i18n';
import { common } from './messages';

/**
 * A desk's own texts, in the four languages, beside its pages (they load with the desk's chunk,
 * not with the staff entry). English is the reference: every other language has exactly its
 * keys and placeholders (`web/test/desk-i18n.test.ts` checks every desk). A desk's top-level
 * keys must not reuse the main catalog's (`app`, `errors` …) nor `desk` (the common texts).
 */
export type DeskMessages<T> = { en: T } & Record<Exclude<Locale, 'en'>, Catalog<T>>;

export function defineDeskMessages<const T extends MessageTree>(messages: DeskMessages<T>): DeskMessages<T> {
  return messages;
}

export type DeskKey<T> = MessageKey<T> | MessageKey<typeof common.en> | Key;

export interface DeskI18n<T> extends Omit<I18n, 't'> {
  /** A desk text, else a common desk text (`desk.*`), else the main catalog's (`app.*`, `errors.*` …). */
  t(key: DeskKey<T>, params?: Params): string;
}

/** The console's formatting, with `t` reading the desk's texts first. */
export function useDeskI18n<T extends MessageTree>(messages: DeskMessages<T>): DeskI18n<T> {
  const i18n = useI18n();
  return useMemo(() => {
    const own = messages[i18n.locale] as unknown as MessageTree;
    const shared = common[i18n.locale] as unknown as MessageTree;
    const t = (key: string, params?: Params) => {
      const value = lookup(own, key) ?? lookup(shared, key);
      return value === undefined ? (i18n.tMaybe(key, params) ?? key) : formatMessage(value, i18n.locale, params);
    };
    return { ...i18n, t };
  }, [i18n, messages]);
}

/** The common desk texts alone (for the shared components). */
export function useCommonI18n(): DeskI18n<Record<never, never>> {
  return useDeskI18n(EMPTY);
}
const EMPTY = defineDeskMessages({ en: {}, it: {}, ru: {}, tr: {} });
