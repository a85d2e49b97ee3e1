import { useI18n } from '../i18n/i18n';
import { TextField } from './forms';

/** The six digits received by SMS; phones offer the code from the message (one-time-code). */
export function CodeField({
  label,
  hint,
  value,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <TextField
      label={label}
      hint={hint}
      value={value}
      onChange={(v) => onChange(v.replace(/\D/g, '').slice(0, 6))}
      error={error}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellcheck={false}
    />
  );
}

export const isCode = (value: string) => /^\d{6}$/.test(value);

/** The local check before a code is sent: six digits. */
export function useCodeCheck() {
  const { t } = useI18n();
  return (value: string, touched: boolean) => (touched && !isCode(value) ? t('fieldErrors.code') : undefined);
}
