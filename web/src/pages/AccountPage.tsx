import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import ExternalLink from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useEffect, useState } from 'react';
import { ApiError, call, type Me } from '../api/client';
import { explain } from '../api/explain';
import { useApp, useSession } from '../app/context';
import { useMe } from '../app/me';
import { useRouter } from '../app/router';
import { meetsPolicy } from '../auth/password-rules';
import { ErrorAlert, Notice } from '../components/ErrorAlert';
import { SubmitForm, TextField, useSubmit } from '../components/forms';
import { Page } from '../components/Page';
import { EMPTY_PASSWORD, PasswordFields, passwordReady } from '../components/PasswordFields';
import type { Key } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';
import { AlternateEmail } from './AlternateEmail';

const STATE_TYPES: Record<string, 'success' | 'info' | 'pending' | 'error' | 'stopped'> = {
  activated: 'success',
  notified: 'info',
  'account-created': 'info',
  pending: 'pending',
};

export function AccountPage() {
  const { sessions } = useApp();
  const i18n = useI18n();
  const { t } = i18n;
  const { query, navigate } = useRouter();
  // The provider's read of `GET /v1/me` (the menu's too): one request, reloaded after a change here.
  const { me, error, reload } = useMe();
  const expired = error instanceof ApiError && error.status === 401;
  const loadError = error && !expired ? explain(error, i18n).message : undefined;
  // "Your password is saved", after the first sign-in: until the password is changed here.
  const [saved, setSaved] = useState(Boolean(query.get('passwordSaved')));

  useEffect(() => {
    if (!expired) return;
    sessions.expire();
    navigate('/sign-in?expired=1&next=/account', { replace: true });
  }, [expired, sessions, navigate]);

  return (
    <Page title={t('account.title')}>
      <Notice message={saved ? t('newPassword.done') : undefined} />
      <ErrorAlert message={loadError} />
      <div aria-busy={!me && !loadError}>
        {!me && !loadError && <StatusIndicator type="loading">{t('app.loading')}</StatusIndicator>}
        {me && <AccountDetails me={me} />}
      </div>
      {me?.account && <AlternateEmail account={me.account} onChanged={reload} />}
      <ChangePassword
        onChanged={async () => {
          setSaved(false);
          await reload();
        }}
      />
    </Page>
  );
}

function AccountDetails({ me }: { me: Me }) {
  const { profile } = useApp();
  const { t, date, relativeDays } = useI18n();
  const account = me.account;
  const when = (iso: string) => t('account.passwordChangedValue', { date: date(iso), relative: relativeDays(iso) });
  const stateKey = `states.${account?.state ?? 'unknown'}` as Key;
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">{t('account.mailbox')}</Header>}>
        <KeyValuePairs
          columns={2}
          items={[
            {
              label: t('account.address'),
              value: (
                <>
                  <Box variant="span" fontWeight="bold">
                    {me.login}
                  </Box>
                  <br />
                  <ExternalLink href={profile.webmailUrl} external>
                    {t('account.openWebmail')}
                  </ExternalLink>
                </>
              ),
            },
            account
              ? {
                  label: t('account.state'),
                  value: <StatusIndicator type={STATE_TYPES[account.state] ?? 'stopped'}>{t(stateKey)}</StatusIndicator>,
                }
              : { label: t('account.roles'), value: me.roles.join(', ') || '—' },
          ]}
        />
        {!account && <Box margin={{ top: 's' }}>{t('account.noMember')}</Box>}
      </Container>
      {account && (
        <Container header={<Header variant="h2">{t('account.passwordSection')}</Header>}>
          <KeyValuePairs
            columns={2}
            items={[
              {
                label: t('account.passwordChanged'),
                value: account.passwordChangedAt ? when(account.passwordChangedAt) : t('account.passwordNotChosen'),
              },
              {
                label: t('account.passwordExpires'),
                value: account.nextExpiry
                  ? t('account.passwordExpiresValue', { date: date(account.nextExpiry), relative: relativeDays(account.nextExpiry) })
                  : t('account.passwordNeverExpires'),
              },
            ]}
          />
        </Container>
      )}
      {account && profile.forwardingWindowDays !== null && (
        <Container header={<Header variant="h2">{t('account.forwarding')}</Header>}>
          <Box>
            {me.forwarding
              ? t('account.forwardingValue', { from: me.forwarding.from, date: date(me.forwarding.until) })
              : t('account.forwardingNone')}
          </Box>
        </Container>
      )}
    </SpaceBetween>
  );
}

/** `POST /v1/me/password`: the current password, then the new one twice, the rules shown as the user types. */
function ChangePassword({ onChanged }: { onChanged: () => Promise<void> }) {
  const { api, profile } = useApp();
  const login = useSession()?.login;
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState(EMPTY_PASSWORD);
  const [touched, setTouched] = useState(false);
  const [changed, setChanged] = useState(false);
  const form = useSubmit(['currentPassword', 'newPassword']);
  const currentError = form.fieldError('currentPassword', touched && !current ? t('fieldErrors.required') : undefined);
  const sameAsCurrent = touched && current.length > 0 && value.password === current;
  return (
    <Container header={<Header variant="h2">{t('account.changeTitle')}</Header>}>
      <SubmitForm
        submitLabel={t('account.submit')}
        busy={form.busy}
        error={form.error}
        onSubmit={() => {
          setTouched(true);
          setChanged(false);
          if (!current || !passwordReady(value, profile.passwordPolicy) || value.password === current) return;
          void form.run(
            async () => {
              await call(api.POST('/v1/me/password', { body: { currentPassword: current, newPassword: value.password } }));
              setChanged(true);
              setTouched(false);
              setCurrent('');
              setValue(EMPTY_PASSWORD);
              await onChanged();
            },
            { passwordMeetsRules: meetsPolicy(value.password, profile.passwordPolicy) },
          );
        }}
      >
        <Notice message={changed ? t('account.changed') : undefined} />
        <TextField
          label={t('account.current')}
          value={current}
          onChange={setCurrent}
          error={currentError}
          type="password"
          autoComplete="current-password"
        />
        <PasswordFields
          login={login}
          value={value}
          onChange={setValue}
          showProblems={touched}
          error={form.fieldError('newPassword', sameAsCurrent ? t('errors.password_same') : undefined)}
        />
      </SubmitForm>
    </Container>
  );
}
