/**
 * How every function is bundled, in esbuild's terms: read by `PostaFunction` (CDK) and by the
 * bundle benchmark (`bench/`), so the sizes measured are the sizes deployed. Only options that
 * CDK's `NodejsFunction` can pass to esbuild belong here (no plugins: it runs the esbuild CLI).
 */
export const BUNDLE = {
  format: 'esm' as const,
  target: 'node24',
  platform: 'node' as const,
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  // The AWS SDK stays bundled, though the nodejs24.x runtime ships one: `npm run bench` measured
  // marking `@aws-sdk/*` and `@smithy/*` external as ~60% of each bundle saved (≤ 250 KB for
  // most) but 40–95 ms more CPU at load+init, because Node then loads each package's whole
  // CommonJS build instead of the tree-shaken parts (aws-cdk#28311 saw the same in Lambda). And
  // bundled, the handlers run against the SDK version the tests ran against.
  external: [] as string[],
  // `import { z } from 'zod'` is a namespace value, so esbuild keeps everything it re-exports,
  // including ~260 KB of error messages in 40 languages nobody loads (only English is ever
  // configured, by zod itself). The alias serves the same API with `locales` holding English only.
  // `@aws-sdk/credential-provider-node` is the SDK's default credential chain: Lambda always
  // gives a function its role's credentials in environment variables, so there the chain stops at
  // its first link and the rest (SSO, ini files, web identity, instance metadata, with the STS and
  // SSO clients they carry) never runs, yet cost ~130 KB and ~5–10 ms of load in every bundle. The
  // alias keeps that first link only (fromEnv); tests and local runs use the real chain.
  // Paths are relative to the project root, which is esbuild's working directory under CDK.
  alias: {
    zod: './infra/zod-english/index.ts',
    '@aws-sdk/credential-provider-node': './infra/lambda-credentials/index.ts',
  } as Record<string, string>,
  // CommonJS dependencies inside an ESM bundle still call require().
  banner: "import { createRequire as __postaCreateRequire } from 'node:module'; const require = __postaCreateRequire(import.meta.url);",
};
