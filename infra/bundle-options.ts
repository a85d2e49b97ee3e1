/**
 * How every function is bundled, in esbuild's terms: read by `PostaFunction` (CDK) and by the
 * bundle benchmark (`bench/`), so the sizes measured are the sizes deployed.
 */
export const BUNDLE = {
  format: 'esm' as const,
  target: 'node22',
  platform: 'node' as const,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // Bundle the SDK too: the versions the tests ran against, not whatever the runtime ships.
  external: [] as string[],
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: "import { createRequire as __postaCreateRequire } from 'node:module'; const require = __postaCreateRequire(import.meta.url);",
};
