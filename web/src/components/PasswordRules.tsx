import StatusIndicator from '@cloudscape-design/components/status-indicator';
import type { PasswordPolicy } from '../auth/password-rules';
import { passwordChecks } from '../auth/password-rules';
import { useI18n } from '../i18n/i18n';

/** The profile's password rules, each ticked off as the user types (and the two entries matching). */
export function PasswordRules({
  id,
  password,
  confirm,
  policy,
}: {
  id: string;
  password: string;
  confirm: string;
  policy: PasswordPolicy;
}) {
  const { t } = useI18n();
  const checks = [
    ...passwordChecks(password, policy).map((c) => ({
      ok: c.ok,
      label: c.rule === 'minLength' ? t('passwordRules.minLength', { count: policy.minLength }) : t(`passwordRules.${c.rule}`),
    })),
    { ok: password.length > 0 && password === confirm, label: t('passwordRules.match') },
  ];
  return (
    <div id={id}>
      <span>{t('passwordRules.title')}:</span>
      <ul className="posta-rules">
        {checks.map((c) => (
          <li key={c.label}>
            <StatusIndicator type={c.ok ? 'success' : 'pending'} iconAriaLabel={c.ok ? t('passwordRules.met') : t('passwordRules.notMet')}>
              {c.label}
            </StatusIndicator>
          </li>
        ))}
      </ul>
    </div>
  );
}
