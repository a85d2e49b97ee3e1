import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import { useId } from 'react';
import { useApp } from '../app/context';
import { meetsPolicy } from '../auth/password-rules';
import { useI18n } from '../i18n/i18n';
import { PasswordRules } from './PasswordRules';

export interface NewPassword {
  password: string;
  confirm: string;
}

export const EMPTY_PASSWORD: NewPassword = { password: '', confirm: '' };

/** A new password twice, the profile's rules ticked off under it as the user types. */
export function PasswordFields({
  value,
  onChange,
  error,
  showProblems,
  login,
}: {
  /** The account's login, given to password managers (a hidden username field) so they save the new password for it. */
  login?: string;
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  /** The API's sentence about the new password, if any. */
  error?: string;
  /** After a first submit: say which entry is not right yet. */
  showProblems: boolean;
}) {
  const { t } = useI18n();
  const { profile } = useApp();
  const rulesId = useId();
  const rulesMet = meetsPolicy(value.password, profile.passwordPolicy);
  const passwordError = error ?? (showProblems && !rulesMet ? t('fieldErrors.rules') : undefined);
  const confirmError = showProblems && rulesMet && value.password !== value.confirm ? t('fieldErrors.mismatch') : undefined;
  return (
    <>
      {login && <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />}
      <FormField
        label={t('newPassword.password')}
        errorText={passwordError}
        constraintText={<PasswordRules id={rulesId} password={value.password} confirm={value.confirm} policy={profile.passwordPolicy} />}
        stretch
      >
        <Input
          type="password"
          autoComplete="new-password"
          value={value.password}
          invalid={Boolean(passwordError)}
          onChange={({ detail }) => onChange({ ...value, password: detail.value })}
        />
      </FormField>
      <FormField label={t('newPassword.confirm')} errorText={confirmError} stretch>
        <Input
          type="password"
          autoComplete="new-password"
          value={value.confirm}
          invalid={Boolean(confirmError)}
          onChange={({ detail }) => onChange({ ...value, confirm: detail.value })}
        />
      </FormField>
    </>
  );
}

/** Whether the two entries can be sent: every rule met and both the same. */
export function passwordReady(value: NewPassword, policy: Parameters<typeof meetsPolicy>[1]): boolean {
  return meetsPolicy(value.password, policy) && value.password === value.confirm;
}
