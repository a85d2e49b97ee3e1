/**
 * What functions get for `import ... from 'zod'` (the `alias` in `infra/bundle-options.ts`): zod's
 * own API, laid out as `zod/index.js` lays it out, minus the 40 non-English locales. Tests and
 * local runs use zod itself; `test/unit/zod-english.test.ts` checks both export the same names.
 */
import * as z from './classic';

export * from './classic';
export { z, z as default };
