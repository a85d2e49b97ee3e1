import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import RadioGroup from '@cloudscape-design/components/radio-group';
import { useState } from 'react';
import { call, type PublicProfile } from '../api/client';
import { useApp } from '../app/context';
import { Link, useRouter } from '../app/router';
import { normalizeLogin } from '../auth/login';
import { meetsPolicy } from '../auth/password-rules';
import { CodeField, isCode, useCodeCheck } from '../components/CodeField';
import { Notice } from '../components/ErrorAlert';
import { SubmitForm, TextField, useSubmit } from '../components/forms';
import { Page } from '../components/Page';
import { EMPTY_PASSWORD, PasswordFields, passwordReady } from '../components/PasswordFields';
import { DoneStep } from '../components/steps';
import type { Key } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';

type Channel = PublicProfile['flows']['passwordReset']['channels'][number];

/**
 * Where a reset code can go, as the profile offers them (`flows.passwordReset.channels`): an SMS
 * to the phone on record, or an email to the alternate address the member proved. The channel is
 * named on both steps, so the code is checked where it was sent (the API's own default is the
 * member's choice, which the page cannot know); the code's field says where it came from.
 */
const CHANNELS: Record<Channel, { label: Key; sent: Key; code: Key }> = {
  sms: { label: 'forgot.channelSms', sent: 'forgot.codeSent', code: 'forgot.code' },
  email: { label: 'forgot.channelEmail', sent: 'forgot.codeSentEmail', code: 'forgot.codeEmail' },
};

export function ForgotPasswordPage() {
  const { api, profile } = useApp();
  const { t } = useI18n();
  const { query } = useRouter();
  const channels = profile.flows.passwordReset.channels.filter((c) => c in CHANNELS);
  const [channel, setChannel] = useState<Channel>(channels[0] ?? 'sms');
  const [login, setLogin] = useState(query.get('login') ?? '');
  const [step, setStep] = useState<'request' | 'confirm' | 'done'>('request');
  const [code, setCode] = useState('');
  const [value, setValue] = useState(EMPTY_PASSWORD);
  const [touched, setTouched] = useState(false);
  const request = useSubmit(['login']);
  const confirm = useSubmit(['code', 'newPassword']);
  const codeCheck = useCodeCheck();
  const username = normalizeLogin(login, profile.mailDomain);

  if (step === 'done') {
    return <DoneStep title={t('forgot.doneTitle')} message={t('forgot.done')} action={t('forgot.toSignIn')} login={username} />;
  }

  if (step === 'confirm') {
    return (
      <Page title={t('forgot.codeTitle')} description={t('app.stepOf', { step: 2, total: 2 })}>
        <Notice type="info" message={t(CHANNELS[channel].sent)} />
        <Container header={<Header variant="h2">{username}</Header>}>
          <SubmitForm
            submitLabel={t('forgot.submit')}
            busy={confirm.busy}
            error={confirm.error}
            secondary={
              <Button
                formAction="none"
                variant="link"
                onClick={() => {
                  setStep('request');
                  setCode('');
                  setTouched(false);
                }}
              >
                {t('forgot.again')}
              </Button>
            }
            onSubmit={() => {
              setTouched(true);
              if (!isCode(code) || !passwordReady(value, profile.passwordPolicy)) return;
              void confirm.run(
                async () => {
                  await call(
                    api.POST('/v1/password/forgot/confirm', { body: { login: username, code, newPassword: value.password, channel } }),
                  );
                  setStep('done');
                },
                { passwordMeetsRules: meetsPolicy(value.password, profile.passwordPolicy) },
              );
            }}
          >
            <CodeField
              label={t(CHANNELS[channel].code)}
              hint={t('forgot.codeHint')}
              value={code}
              onChange={setCode}
              error={confirm.fieldError('code', codeCheck(code, touched))}
            />
            <PasswordFields
              login={username}
              value={value}
              onChange={setValue}
              showProblems={touched}
              error={confirm.fieldError('newPassword')}
            />
          </SubmitForm>
        </Container>
      </Page>
    );
  }

  return (
    <Page
      title={t('forgot.title')}
      description={`${t('app.stepOf', { step: 1, total: 2 })} · ${t(channels.length > 1 ? 'forgot.introChannels' : 'forgot.intro')}`}
    >
      <Container>
        <SubmitForm
          submitLabel={t('forgot.send')}
          busy={request.busy}
          error={request.error}
          onSubmit={() => {
            setTouched(true);
            if (!login.trim()) return;
            void request.run(async () => {
              await call(api.POST('/v1/password/forgot', { body: { login: username, channel } }));
              setTouched(false);
              setStep('confirm');
            });
          }}
        >
          {channels.length > 1 && (
            <FormField label={t('forgot.channel')}>
              <RadioGroup
                value={channel}
                onChange={({ detail }) => setChannel(detail.value as Channel)}
                items={channels.map((c) => ({ value: c, label: t(CHANNELS[c].label) }))}
              />
            </FormField>
          )}
          <TextField
            label={t('forgot.login')}
            hint={t('signIn.loginHint', { domain: profile.mailDomain })}
            value={login}
            onChange={setLogin}
            error={request.fieldError('login', touched && !login.trim() ? t('fieldErrors.required') : undefined)}
            type="email"
            inputMode="email"
            autoComplete="username"
            spellcheck={false}
          />
        </SubmitForm>
      </Container>
      <Link to="/sign-in">{t('app.back')}</Link>
    </Page>
  );
}
