import { describe, expect, it } from 'vitest';
import * as real from 'zod';
import * as english from '../../infra/zod-english/index';

// The deployed bundles get infra/zod-english instead of zod (see infra/bundle-options.ts): it
// must be zod with only the locale list cut, so behaviour in Lambda matches the tests.
describe('zod without its non-English locales', () => {
  it('exports every name zod exports, at the top level, on `z` and on `z.core`', () => {
    expect(Object.keys(english).sort()).toEqual(Object.keys(real).sort());
    expect(Object.keys(english.z).sort()).toEqual(Object.keys(real.z).sort());
    expect(Object.keys(english.z.core).sort()).toEqual(Object.keys(real.z.core).sort());
  });

  it('is the same zod: same classes, same functions', () => {
    expect(english.z.string).toBe(real.z.string);
    expect(english.z.ZodError).toBe(real.z.ZodError);
    expect(english.z.core.$ZodType).toBe(real.z.core.$ZodType);
  });

  it('keeps English only, and reports issues in English as zod does', () => {
    expect(Object.keys(english.z.locales)).toEqual(['en']);
    expect(Object.keys(english.z.core.locales)).toEqual(['en']);
    const schema = english.z.object({ name: english.z.string().min(2) });
    const issues = schema.safeParse({ name: 'a' }).error?.issues;
    expect(issues?.[0]?.message).toBe('Too small: expected string to have >=2 characters');
    expect(issues).toEqual(real.z.object({ name: real.z.string().min(2) }).safeParse({ name: 'a' }).error?.issues);
  });
});
