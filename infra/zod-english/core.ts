// zod/v4/core with `locales` shadowed, for `z.core` (see ./classic.ts).
import en from '../../node_modules/zod/v4/locales/en.js';

export * from '../../node_modules/zod/v4/core/index.js';
export const locales = { en };
