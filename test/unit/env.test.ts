import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readEnv, setting } from '../../shared/config/env';

describe('readEnv', () => {
  it('returns the checked settings', () => {
    expect(readEnv({ A: setting() }, { A: 'x' })).toEqual({ A: 'x' });
  });

  it('fails loudly, naming every missing or empty variable', () => {
    expect(() => readEnv({ DIRECTORY_TABLE: setting(), USER_POOL_ID: setting() }, { USER_POOL_ID: '' })).toThrow(
      /DIRECTORY_TABLE.*USER_POOL_ID/,
    );
  });

  it('takes optional settings and zod schemas, with their coercion and defaults', () => {
    const shape = { O: setting().optional(), N: z.coerce.number().int().positive().default(5) };
    expect(readEnv(shape, { N: '7' })).toEqual({ N: 7 });
    expect(readEnv(shape, { O: 'x' })).toEqual({ O: 'x', N: 5 });
    expect(() => readEnv(shape, { O: '', N: 'many' })).toThrow(/Missing or invalid configuration: O \(.*\), N \(.*\)/);
  });
});
