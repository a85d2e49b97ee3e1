import { describe, expect, it } from 'vitest';
import { generatePassword } from '../../shared/identity/generate-password';
import { passwordPolicy } from '../../shared/identity/password-policy';
import { loadProfile } from '../../shared/profiles';

describe('generatePassword', () => {
  it('always satisfies the pool policy', () => {
    const policy = passwordPolicy(loadProfile('tr-meb'));
    for (let i = 0; i < 500; i++) {
      const p = generatePassword();
      expect(p.length).toBeGreaterThanOrEqual(policy.minLength);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[!#%+=?@]/);
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generatePassword()));
    expect(seen.size).toBe(2000);
  });

  it('refuses lengths below the policy', () => {
    expect(() => generatePassword(8)).toThrow();
  });
});
