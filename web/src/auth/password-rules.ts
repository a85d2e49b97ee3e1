import type { PublicProfile } from '../api/client';

export type PasswordPolicy = PublicProfile['passwordPolicy'];
export type RuleId = 'minLength' | 'lowercase' | 'uppercase' | 'digit' | 'symbol' | 'noEdgeSpace';

/**
 * The characters Cognito counts as symbols (its documented set; a space counts too, but not at
 * either end). The server checks the same set (shared/passwords/check-password.ts); a unit test
 * keeps the two in agreement.
 */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** Each rule of the profile's policy and whether `password` meets it, in the order they are shown. */
export function passwordChecks(password: string, policy: PasswordPolicy): Array<{ rule: RuleId; ok: boolean }> {
  const checks: Array<{ rule: RuleId; ok: boolean }> = [{ rule: 'minLength', ok: password.length >= policy.minLength }];
  if (policy.requireLowercase) checks.push({ rule: 'lowercase', ok: /[a-z]/.test(password) });
  if (policy.requireUppercase) checks.push({ rule: 'uppercase', ok: /[A-Z]/.test(password) });
  if (policy.requireDigits) checks.push({ rule: 'digit', ok: /[0-9]/.test(password) });
  if (policy.requireSymbols) checks.push({ rule: 'symbol', ok: SYMBOLS.test(password.trim()) });
  checks.push({ rule: 'noEdgeSpace', ok: password.length > 0 && password === password.trim() });
  return checks;
}

export function meetsPolicy(password: string, policy: PasswordPolicy): boolean {
  return passwordChecks(password, policy).every((c) => c.ok);
}
