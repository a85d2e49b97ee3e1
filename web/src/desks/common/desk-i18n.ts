import { useMemo } from 'react';
import type { Key } from '../../i18n/catalog';
import { formatMessage, lookup, type MessageKey, type MessageTree, type Params } from '../../i18n/format';
import { type I18n, useI18n } from '../../i18n/i18n';
import { type DeskMessages, defineDeskMessages } from './define-messages';
import { common } from './messages';

export { type DeskMessages, defineDeskMessages };

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
