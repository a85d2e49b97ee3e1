import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import { type ReactNode, useState } from 'react';
import type { ExplainContext } from '../api/explain';
import { useRouter } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { CodeField, isCode, useCodeCheck } from './CodeField';
import { Notice } from './ErrorAlert';
import { SubmitForm, useSubmit } from './forms';
import { Page } from './Page';

/**
 * The second step of a flow that proves a phone: the six digits received by SMS, sent by
 * `confirm`; a wrong or expired code is said under the field. `onBack` returns to the first step.
 */
export function CodeStep(props: {
  title: string;
  sent: string;
  label: string;
  hint: string;
  submitLabel: string;
  ctx?: ExplainContext;
  confirm: (code: string) => Promise<void>;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [touched, setTouched] = useState(false);
  const form = useSubmit(['code'], props.ctx);
  const codeCheck = useCodeCheck();
  return (
    <Page title={props.title} description={t('app.stepOf', { step: 2, total: 2 })}>
      <Notice type="info" message={props.sent} />
      <Container>
        <SubmitForm
          submitLabel={props.submitLabel}
          busy={form.busy}
          error={form.error}
          secondary={
            <Button formAction="none" variant="link" onClick={props.onBack}>
              {t('app.back')}
            </Button>
          }
          onSubmit={() => {
            setTouched(true);
            if (isCode(code)) void form.run(() => props.confirm(code));
          }}
        >
          <CodeField
            label={props.label}
            hint={props.hint}
            value={code}
            onChange={setCode}
            error={form.fieldError('code', codeCheck(code, touched))}
          />
        </SubmitForm>
      </Container>
    </Page>
  );
}

/** The end of a flow: what happened, what comes next, and the way to sign in with the login filled in. */
export function DoneStep({
  title,
  message,
  next,
  action,
  login,
}: {
  title: string;
  message: string;
  next?: ReactNode;
  action: string;
  login: string;
}) {
  const { navigate } = useRouter();
  return (
    <Page title={title}>
      <Notice message={message} />
      {next && <Box>{next}</Box>}
      <Box>
        <Button variant="primary" onClick={() => navigate(`/sign-in?login=${encodeURIComponent(login)}`)}>
          {action}
        </Button>
      </Box>
    </Page>
  );
}
