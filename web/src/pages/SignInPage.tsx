import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useState } from 'react';
import { useApp } from '../app/context';
import { Link, useRouter } from '../app/router';
import { normalizeLogin, safeNext } from '../auth/login';
import { Notice } from '../components/ErrorAlert';
import { SubmitForm, useSubmit } from '../components/forms';
import { Page } from '../components/Page';
import { EMPTY_PASSWORD, PasswordFields, passwordReady } from '../components/PasswordFields';
import { PlainField } from '../components/PlainField';
import { useI18n } from '../i18n/i18n';

export function SignInPage() {
  const { profile, auth, sessions } = useApp();
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const [login, setLogin] = useState(query.get('login') ?? '');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const [challenge, setChallenge] = useState<{ session: string; login: string } | null>(null);
  const [challengeExpired, setChallengeExpired] = useState(false);
  const form = useSubmit(['login', 'password'], { cognitoStep: 'sign-in' });
  const next = safeNext(query.get('next'));

  if (challenge) {
    return (
      <NewPasswordStep
        login={challenge.login}
        session={challenge.session}
        onDone={() => navigate(next === '/account' ? '/account?passwordSaved=1' : next)}
        onRestart={() => {
          setChallenge(null);
          setPassword('');
          setChallengeExpired(true);
        }}
      />
    );
  }

  const loginError = touched && !login.trim() ? t('fieldErrors.required') : undefined;
  const passwordError = touched && !password ? t('fieldErrors.required') : undefined;
  const notice = query.get('signedOut') ? t('signIn.signedOut') : query.get('expired') ? t('signIn.sessionEnded') : undefined;

  return (
    <Page title={t('signIn.title')} description={t('signIn.intro', { domain: profile.mailDomain })}>
      {!form.error && <Notice type="info" message={challengeExpired ? t('errors.challengeExpired') : notice} />}
      <Container>
        <SubmitForm
          submitLabel={t('signIn.submit')}
          busy={form.busy}
          error={form.error}
          onSubmit={() => {
            setTouched(true);
            setChallengeExpired(false);
            if (!login.trim() || !password) return;
            const username = normalizeLogin(login, profile.mailDomain);
            void form.run(async () => {
              const result = await auth.signIn(username, password);
              if (result.kind === 'new-password-required') {
                setChallenge({ session: result.session, login: username });
                return;
              }
              sessions.start(username, result.tokens);
              navigate(next);
            });
          }}
        >
          <PlainField
            label={t('signIn.login')}
            hint={t('signIn.loginHint', { domain: profile.mailDomain })}
            value={login}
            onChange={setLogin}
            error={loginError}
            type="email"
            inputMode="email"
            autoComplete="username"
            spellcheck={false}
          />
          <PlainField
            label={t('signIn.password')}
            value={password}
            onChange={setPassword}
            error={passwordError}
            type="password"
            autoComplete="current-password"
          />
        </SubmitForm>
      </Container>
      <SpaceBetween size="s">
        <Link to="/forgot-password">{t('signIn.forgot')}</Link>
        {profile.flows.activation && <Link to="/activate">{t('signIn.activate')}</Link>}
        {profile.flows.lateRequest && <Link to="/request-mailbox">{t('signIn.requestMailbox')}</Link>}
      </SpaceBetween>
    </Page>
  );
}

/** After a temporary password: Cognito's NEW_PASSWORD_REQUIRED challenge, answered with the member's own password. */
function NewPasswordStep({
  login,
  session,
  onDone,
  onRestart,
}: {
  login: string;
  session: string;
  onDone: () => void;
  onRestart: () => void;
}) {
  const { profile, auth, sessions } = useApp();
  const { t } = useI18n();
  const [value, setValue] = useState(EMPTY_PASSWORD);
  const [touched, setTouched] = useState(false);
  const form = useSubmit(['newPassword'], { cognitoStep: 'new-password' });
  return (
    <Page title={t('newPassword.title')} description={t('newPassword.intro')}>
      <Container
        header={
          <Header variant="h2" description={t('newPassword.deadline', { count: profile.temporaryPasswordDeadlineDays })}>
            {login}
          </Header>
        }
      >
        <SubmitForm
          submitLabel={t('newPassword.submit')}
          busy={form.busy}
          error={form.error}
          onSubmit={() => {
            setTouched(true);
            if (!passwordReady(value, profile.passwordPolicy)) return;
            void form.run(async () => {
              try {
                const tokens = await auth.completeNewPassword(login, session, value.password);
                sessions.start(login, tokens);
                onDone();
              } catch (error) {
                // The challenge's session lasts minutes: past it, only a new sign-in helps.
                if ((error as Error).name === 'NotAuthorizedException') return onRestart();
                throw error;
              }
            });
          }}
        >
          <PasswordFields login={login} value={value} onChange={setValue} showProblems={touched} />
        </SubmitForm>
      </Container>
    </Page>
  );
}
