/**
 * The console's own message catalog: nested objects of strings, where a string may hold
 * `{name}` placeholders and a plural message is an object keyed by Intl.PluralRules categories
 * (`one`, `few`, `many`, `other`), chosen by its `count` parameter.
 */
export type PluralMessage = { other: string } & Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many', string>>;
export type MessageValue = string | PluralMessage;

export interface MessageTree {
  [key: string]: MessageValue | MessageTree;
}

/** Every key of a catalog, dotted: `signIn.title`. */
export type MessageKey<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | PluralMessage ? `${Prefix}${K}` : MessageKey<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** The same tree shape with every leaf a string or a plural object: what each locale must provide. */
export type Catalog<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends PluralMessage ? PluralMessage : Catalog<T[K]>;
};

export type Params = Record<string, string | number>;

export function isPlural(value: unknown): value is PluralMessage {
  return typeof value === 'object' && value !== null && typeof (value as { other?: unknown }).other === 'string';
}

/** The value at a dotted key, or undefined. */
export function lookup(tree: MessageTree, key: string): MessageValue | undefined {
  let node: MessageValue | MessageTree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || isPlural(node)) return undefined;
    node = (node as MessageTree)[part];
  }
  return typeof node === 'string' || isPlural(node) ? node : undefined;
}

/** `{name}` placeholders of a message text. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}

/** Intl formatters per language, made once: building one loads the language's data. */
const plurals = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();
function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  const known = cache.get(locale);
  if (known) return known;
  const made = make();
  cache.set(locale, made);
  return made;
}

/**
 * Formats one message: picks the plural form for `count`, then fills the placeholders. Numbers
 * are written the locale's way (Intl.NumberFormat); a missing parameter stays visible as `{name}`
 * rather than breaking the page; a value ending with a full stop is not followed by a second one.
 */
export function formatMessage(value: MessageValue, locale: string, params: Params = {}): string {
  let text: string;
  if (isPlural(value)) {
    const count = Number(params.count ?? 0);
    const category = cached(plurals, locale, () => new Intl.PluralRules(locale)).select(count) as keyof PluralMessage;
    text = value[category] ?? value.other;
  } else {
    text = value;
  }
  // A value that ends with a full stop (a Russian date, «11 декабря 2026 г.») takes the place of the
  // sentence's own: «до 11 декабря 2026 г.», never «г..».
  return text.replace(/\{(\w+)\}(\.?)/g, (whole, name: string, stop: string) => {
    const param = params[name];
    if (param === undefined) return whole;
    const filled = typeof param === 'number' ? cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(param) : param;
    return filled.endsWith('.') ? filled : filled + stop;
  });
}
