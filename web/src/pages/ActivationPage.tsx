import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import { useState } from 'react';
import { call } from '../api/client';
import { useApp } from '../app/context';
import { Link } from '../app/router';
import { SubmitForm, TextField, useSubmit } from '../components/forms';
import { Page } from '../components/Page';
import { CodeStep, DoneStep } from '../components/steps';
import { useI18n } from '../i18n/i18n';
import { phoneExample } from './examples';

/**
 * Activation (profiles with `flows.activation`, ru-moscow): national ID + phone → a code by SMS →
 * the account is created and its temporary password comes by SMS → the member signs in and
 * chooses their own password (sign-in page).
 */
export function ActivationPage() {
  const { api, profile } = useApp();
  const { t } = useI18n();
  const idKind = t(`nationalId.${profile.nationalIdKind}`);
  const [nationalId, setNationalId] = useState('');
  const [phone, setPhone] = useState('');
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const [login, setLogin] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const start = useSubmit(['nationalId', 'phone'], { idKind, lockScope: 'activation' });
  const required = (value: string) => (touched && !value.trim() ? t('fieldErrors.required') : undefined);

  if (login) {
    return (
      <DoneStep
        title={t('activation.doneTitle')}
        message={t('activation.done', { login })}
        next={t('activation.doneNext', { count: profile.temporaryPasswordDeadlineDays })}
        action={t('activation.toSignIn')}
        login={login}
      />
    );
  }

  if (attemptId) {
    return (
      <CodeStep
        title={t('activation.codeTitle')}
        sent={t('activation.codeSent')}
        label={t('activation.code')}
        hint={t('activation.codeHint')}
        submitLabel={t('activation.confirm')}
        ctx={{ idKind, lockScope: 'activation' }}
        confirm={async (code) => {
          const done = await call(api.POST('/v1/activation/{attemptId}/confirm', { params: { path: { attemptId } }, body: { code } }));
          setLogin(done.login);
        }}
        onBack={() => setAttemptId(null)}
      />
    );
  }

  return (
    <Page title={t('activation.title')} description={`${t('app.stepOf', { step: 1, total: 2 })} · ${t('activation.intro', { idKind })}`}>
      <Container header={<Header variant="h2">{t('activation.howTitle')}</Header>}>
        <ul className="posta-list">
          <li>{t('activation.window', { count: profile.activationWindowDays ?? 0 })}</li>
          <li>{t('activation.steps')}</li>
          <li>{t('activation.tempDeadline', { count: profile.temporaryPasswordDeadlineDays })}</li>
        </ul>
      </Container>
      <Container>
        <SubmitForm
          submitLabel={t('activation.send')}
          busy={start.busy}
          error={start.error}
          onSubmit={() => {
            setTouched(true);
            if (!nationalId.trim() || !phone.trim()) return;
            void start.run(async () => {
              const started = await call(api.POST('/v1/activation', { body: { nationalId: nationalId.trim(), phone: phone.trim() } }));
              setTouched(false);
              setAttemptId(started.attemptId);
            });
          }}
        >
          <TextField
            label={t('activation.nationalId', { idKind })}
            value={nationalId}
            onChange={setNationalId}
            error={start.fieldError('nationalId', required(nationalId))}
            autoComplete="off"
            spellcheck={false}
          />
          <TextField
            label={t('activation.phone')}
            hint={t('activation.phoneHint', { example: phoneExample(profile.phoneRegion) })}
            value={phone}
            onChange={setPhone}
            error={start.fieldError('phone', required(phone))}
            type="text"
            inputMode="tel"
            autoComplete="tel"
          />
        </SubmitForm>
      </Container>
      <Link to="/sign-in">{t('app.back')}</Link>
    </Page>
  );
}
