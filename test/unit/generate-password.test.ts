import { describe, expect, it } from 'vitest';
import { derivedPassword, generatePassword, hmacRandomInt } from '../../shared/identity/generate-password';
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

describe('derivedPassword', () => {
  const key = Buffer.alloc(32, 1);

  it('is the same for the same key and context, and satisfies the policy', () => {
    for (let i = 0; i < 300; i++) {
      const p = derivedPassword(key, `m-${i}\0launch#lot\0nonce`);
      expect(derivedPassword(key, `m-${i}\0launch#lot\0nonce`)).toBe(p);
      expect(p).toHaveLength(14);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[2-9]/);
      expect(p).toMatch(/[!#%+=?@]/);
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });

  it('differs with the context or the key', () => {
    const seen = new Set(Array.from({ length: 1000 }, (_, i) => derivedPassword(key, `m-1\0launch#lot\0${i}`)));
    expect(seen.size).toBe(1000);
    expect(derivedPassword(Buffer.alloc(32, 2), 'c')).not.toBe(derivedPassword(key, 'c'));
  });

  it('draws uniformly: every symbol of a small range comes up about equally often', () => {
    const random = hmacRandomInt(key, 'uniform');
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 7000; i++) {
      const drawn = random(7);
      counts[drawn] = (counts[drawn] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
