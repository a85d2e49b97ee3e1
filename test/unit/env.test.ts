import { describe, expect, it } from 'vitest';
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
});
