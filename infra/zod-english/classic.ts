// zod/v4/classic/external.js with `locales` (and `core.locales`) shadowed: a local export wins
// over `export *`, so the module with every locale is never referenced and esbuild drops it.
// English is what zod configures by itself (classic/schemas.js imports locales/en.js directly).
import en from '../../node_modules/zod/v4/locales/en.js';

export * from '../../node_modules/zod/v4/classic/external.js';
export * as core from './core';
export const locales = { en };
