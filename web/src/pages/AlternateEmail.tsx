import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useState } from 'react';
import { call, type Me } from '../api/client';
import { useApp } from '../app/context';
import { CodeField, isCode } from '../components/CodeField';
import { Notice } from '../components/ErrorAlert';
import { SubmitForm, TextField, useSubmit } from '../components/forms';
import { useI18n } from '../i18n/i18n';

type Account = NonNullable<Me['account']>;

/**
 * The member's alternate email, for resetting a forgotten password by email: what is on record
 * (an address the member proved, or one the HR file gave, unverified), and the two steps to add
 * or replace one — the address, then the 6-digit code sent to it (`PUT /v1/me/alternate-email`,
 * `POST /v1/me/alternate-email/verify`) — and removing it (`DELETE`). Addresses come back masked:
 * the page never shows more of an address than the API does.
 */
export function AlternateEmail({ account, onChanged }: { account: Account; onChanged: () => Promise<void> }) {
  const { api, profile } = useApp();
  const { t, date } = useI18n();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const [done, setDone] = useState<string>();
  // "Use another address" while a code is on its way: the address form again.
  const [other, setOther] = useState(false);
  const add = useSubmit(['email'], { domain: profile.mailDomain });
  const verify = useSubmit(['code']);
  const remove = useSubmit([]);
  const current = account.alternateEmail;
  const pending = other ? null : account.pendingAlternateEmail;
  const emailError = add.fieldError('email', touched && !email.trim() ? t('fieldErrors.required') : undefined);

  return (
    <Container header={<Header variant="h2">{t('alternateEmail.title')}</Header>}>
      <SpaceBetween size="l">
        <Box>{t('alternateEmail.intro')}</Box>
        <Notice message={done} />
        <div>
          {current?.verified ? (
            <SpaceBetween size="xs">
              <StatusIndicator type="success">{t('alternateEmail.verified', { address: current.address })}</StatusIndicator>
              {current.resetCodesFrom && Date.parse(current.resetCodesFrom) > Date.now() && (
                <Box>{t('alternateEmail.codesFrom', { date: date(current.resetCodesFrom) })}</Box>
              )}
            </SpaceBetween>
          ) : current ? (
            <StatusIndicator type="info">{t('alternateEmail.fromHr', { address: current.address })}</StatusIndicator>
          ) : (
            <Box>{t('alternateEmail.none')}</Box>
          )}
        </div>

        {pending ? (
          <SubmitForm
            submitLabel={t('alternateEmail.verify')}
            busy={verify.busy}
            error={verify.error}
            secondary={
              <Button
                variant="link"
                formAction="none"
                onClick={() => {
                  setCode('');
                  setTouched(false);
                  setOther(true);
                }}
              >
                {t('alternateEmail.useOther')}
              </Button>
            }
            onSubmit={() => {
              setTouched(true);
              if (!isCode(code)) return;
              void verify.run(async () => {
                await call(api.POST('/v1/me/alternate-email/verify', { body: { code } }));
                setCode('');
                setTouched(false);
                setDone(t('alternateEmail.verifiedNow'));
                await onChanged();
              });
            }}
          >
            <Box>{t('alternateEmail.codeSent', { address: pending.address })}</Box>
            <CodeField
              label={t('alternateEmail.code')}
              hint={t('forgot.codeHint')}
              value={code}
              onChange={setCode}
              error={verify.fieldError('code', touched && !isCode(code) ? t('alternateEmail.codeRequired') : undefined)}
            />
          </SubmitForm>
        ) : (
          <SubmitForm
            submitLabel={t('alternateEmail.send')}
            busy={add.busy}
            error={add.error}
            onSubmit={() => {
              setTouched(true);
              setDone(undefined);
              if (!email.trim()) return;
              void add.run(async () => {
                await call(api.PUT('/v1/me/alternate-email', { body: { email: email.trim() } }));
                setEmail('');
                setTouched(false);
                setOther(false);
                await onChanged();
              });
            }}
          >
            <TextField
              label={current?.verified ? t('alternateEmail.replace') : t('alternateEmail.address')}
              hint={t('alternateEmail.addressHint', { domain: profile.mailDomain })}
              value={email}
              onChange={setEmail}
              error={emailError}
              type="email"
              inputMode="email"
              autoComplete="email"
              spellcheck={false}
            />
          </SubmitForm>
        )}

        {current?.verified && (
          <SubmitForm
            submitLabel={t('alternateEmail.remove')}
            busy={remove.busy}
            error={remove.error}
            onSubmit={() =>
              void remove.run(async () => {
                await call(api.DELETE('/v1/me/alternate-email'));
                setDone(t('alternateEmail.removed'));
                await onChanged();
              })
            }
          >
            <Box>{t('alternateEmail.removeText')}</Box>
          </SubmitForm>
        )}
      </SpaceBetween>
    </Container>
  );
}
