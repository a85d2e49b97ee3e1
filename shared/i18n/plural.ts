import type { Locale } from '../profiles/profile-ids';

/**
 * The word forms of a counted noun, by CLDR plural category (`Intl.PluralRules`): English and
 * Italian need `one` and `other`, Russian `one` (1, 21, 101), `few` (2–4, 22–24) and `many`
 * (0, 5–20, 25…); Turkish keeps the noun singular after a number (`other` only).
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const RULES = new Map<Locale, Intl.PluralRules>();

/** The form of the noun for `n` in `locale`, by the locale's CLDR plural rules. */
export function pluralForm(locale: Locale, n: number, forms: PluralForms): string {
  let rules = RULES.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    RULES.set(locale, rules);
  }
  return forms[rules.select(n)] ?? forms.other;
}

/** `n` followed by its noun in the right form: `1 try`, `3 tries`, `5 попыток`. */
export const counted = (locale: Locale, n: number, forms: PluralForms) => `${n} ${pluralForm(locale, n, forms)}`;

/** The English title's "1 try left" / "3 tries left" (the localized `detail` says it in every locale). */
export const triesLeftText = (n: number) => counted('en', n, { one: 'try left', other: 'tries left' });
