import { DomainError } from '../errors';
import type { passwordPolicy } from '../identity/password-policy';

type Policy = ReturnType<typeof passwordPolicy>;

/** The characters Cognito counts as symbols (a space counts too, but not at either end). */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** What in a candidate password breaks the pool's policy: rule names, never the password. */
export function policyViolations(password: string, policy: Policy): string[] {
  const broken: string[] = [];
  if (password.length < policy.minLength) broken.push(`at least ${policy.minLength} characters`);
  if (policy.requireLowercase && !/[a-z]/.test(password)) broken.push('a lowercase letter');
  if (policy.requireUppercase && !/[A-Z]/.test(password)) broken.push('an uppercase letter');
  if (policy.requireDigits && !/[0-9]/.test(password)) broken.push('a digit');
  if (policy.requireSymbols && !SYMBOLS.test(password.trim())) broken.push('a symbol');
  if (password !== password.trim()) broken.push('no space at the start or end');
  return broken;
}

export class PasswordPolicyError extends DomainError {
  constructor(field: string, detail: string) {
    super(400, 'password_policy', `The new password does not meet the policy: ${detail}`, field);
  }
}

/**
 * Checked here before Cognito sees the password, so the answer (code, field, message) is the
 * same in the cloud and on the emulator, which does not enforce the policy.
 */
export function assertPasswordPolicy(password: string, policy: Policy, field: string): void {
  const broken = policyViolations(password, policy);
  if (broken.length > 0) throw new PasswordPolicyError(field, `it needs ${broken.join(', ')}`);
}
