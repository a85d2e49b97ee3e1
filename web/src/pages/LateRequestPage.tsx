import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, call, type LateRequestStatus } from '../api/client';
import { explain } from '../api/explain';
import { useApp } from '../app/context';
import { Link } from '../app/router';
import { ErrorAlert, Notice } from '../components/ErrorAlert';
import { SubmitForm, TextField, useSubmit } from '../components/forms';
import { Page } from '../components/Page';
import { CodeStep } from '../components/steps';
import { LANGUAGE_NAMES } from '../i18n/catalog';
import { useI18n } from '../i18n/i18n';
import { phoneExample } from './examples';

const FIELDS = [
  'givenName',
  'familyName',
  'nationalId',
  'phone',
  'institutionCode',
  'category',
  'oldAddress',
  'alternateEmail',
  'locale',
] as const;
type Field = (typeof FIELDS)[number];
type Category = 'teacher' | 'administrative-technical';

/** The request this browser made: its number and the status token the proof of the phone answered. */
interface SavedRequest {
  requestId: string;
  token: string;
}

/**
 * Kept in localStorage, so the applicant may close the page and come back for the decision; the
 * token is the only key to the request's status (the CSP lets no foreign script read it).
 */
const SAVED_KEY = 'posta.lateRequest';

function readSaved(): SavedRequest | null {
  try {
    const value = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as Partial<SavedRequest> | null;
    return typeof value?.requestId === 'string' && typeof value.token === 'string'
      ? { requestId: value.requestId, token: value.token }
      : null;
  } catch {
    return null;
  }
}

/**
 * A late mailbox request: staff left out of the HR import ask for a mailbox; an SMS code proves
 * the phone; the school admin decides, and the page shows the decision (read with the request's
 * status token, `POST /v1/late-requests/status`).
 */
export function LateRequestPage() {
  const [saved, setSaved] = useState<SavedRequest | null>(readSaved);
  if (saved) {
    return (
      <RequestStatus
        saved={saved}
        onNewRequest={() => {
          localStorage.removeItem(SAVED_KEY);
          setSaved(null);
        }}
      />
    );
  }
  return (
    <RequestForm
      onConfirmed={(request) => {
        localStorage.setItem(SAVED_KEY, JSON.stringify(request));
        setSaved(request);
      }}
    />
  );
}

/** Steps 1 and 2: the form, then the SMS code. */
function RequestForm({ onConfirmed }: { onConfirmed: (request: SavedRequest) => void }) {
  const { api, profile } = useApp();
  const { t, locale: uiLocale } = useI18n();
  const idKind = t(`nationalId.${profile.nationalIdKind}`);
  const [values, setValues] = useState<Record<Field, string>>({
    givenName: '',
    familyName: '',
    nationalId: '',
    phone: '',
    institutionCode: '',
    category: '',
    oldAddress: '',
    alternateEmail: '',
    locale: uiLocale,
  });
  const [touched, setTouched] = useState(false);
  const [started, setStarted] = useState<{ requestId: string; phone: string } | null>(null);
  const [awaiting, setAwaiting] = useState(false);
  const ctx = { idKind, domain: profile.mailDomain, oldDomain: profile.oldMailDomain ?? '', lockScope: 'request' as const };
  const form = useSubmit(FIELDS, ctx);
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const REQUIRED: Field[] = ['givenName', 'familyName', 'nationalId', 'phone', 'institutionCode', 'category'];
  const error = (field: Field) =>
    form.fieldError(field, touched && REQUIRED.includes(field) && !values[field].trim() ? t('fieldErrors.required') : undefined);

  if (started && awaiting) {
    return (
      <Page title={t('lateRequest.awaitingTitle')}>
        <Notice message={t('lateRequest.awaiting')} />
        <Box>{t('lateRequest.awaitingNext', { requestId: started.requestId })}</Box>
        <Link to="/sign-in">{t('app.home')}</Link>
      </Page>
    );
  }

  if (started) {
    return (
      <CodeStep
        title={t('lateRequest.codeTitle')}
        sent={t('lateRequest.codeSent', { phone: started.phone })}
        label={t('lateRequest.code')}
        hint={t('lateRequest.codeHint')}
        submitLabel={t('lateRequest.confirm')}
        ctx={ctx}
        confirm={async (code) => {
          try {
            const answer = await call(
              api.POST('/v1/late-requests/{requestId}/verify', { params: { path: { requestId: started.requestId } }, body: { code } }),
            );
            onConfirmed({ requestId: started.requestId, token: answer.statusToken });
          } catch (caught) {
            // Confirmed already (a second tab, a double tap): it is waiting all the same, but the
            // status token went to the first answer, so this page can only say what comes next.
            if ((caught as { problem?: { code?: string } }).problem?.code !== 'request_already_verified') throw caught;
            setAwaiting(true);
          }
        }}
        onBack={() => setStarted(null)}
      />
    );
  }

  const categoryOptions: Array<{ value: Category; label: string }> = [
    { value: 'teacher', label: t('lateRequest.categoryTeacher') },
    { value: 'administrative-technical', label: t('lateRequest.categoryAdministrative') },
  ];
  return (
    <Page title={t('lateRequest.title')} description={`${t('app.stepOf', { step: 1, total: 2 })} · ${t('lateRequest.intro')}`}>
      <Container>
        <SubmitForm
          submitLabel={t('lateRequest.send')}
          busy={form.busy}
          error={form.error}
          onSubmit={() => {
            setTouched(true);
            if (REQUIRED.some((f) => !values[f].trim())) return;
            void form.run(async () => {
              const optional = (f: Field) => (values[f].trim() ? { [f]: values[f].trim() } : {});
              const body = {
                givenName: values.givenName.trim(),
                familyName: values.familyName.trim(),
                nationalId: values.nationalId.trim(),
                phone: values.phone.trim(),
                institutionCode: values.institutionCode.trim(),
                category: values.category,
                locale: values.locale,
                ...optional('oldAddress'),
                ...optional('alternateEmail'),
              };
              const answer = await call(api.POST('/v1/late-requests', { body }));
              setTouched(false);
              setStarted({ requestId: answer.requestId, phone: answer.phone });
            });
          }}
        >
          <TextField
            label={t('lateRequest.givenName')}
            value={values.givenName}
            onChange={set('givenName')}
            error={error('givenName')}
            autoComplete="given-name"
          />
          <TextField
            label={t('lateRequest.familyName')}
            value={values.familyName}
            onChange={set('familyName')}
            error={error('familyName')}
            autoComplete="family-name"
          />
          <TextField
            label={t('lateRequest.nationalId', { idKind })}
            value={values.nationalId}
            onChange={set('nationalId')}
            error={error('nationalId')}
            autoComplete="off"
            spellcheck={false}
          />
          <TextField
            label={t('lateRequest.phone')}
            hint={t('lateRequest.phoneHint', { example: phoneExample(profile.phoneRegion) })}
            value={values.phone}
            onChange={set('phone')}
            error={error('phone')}
            inputMode="tel"
            autoComplete="tel"
          />
          <TextField
            label={t('lateRequest.institutionCode')}
            hint={t('lateRequest.institutionCodeHint')}
            value={values.institutionCode}
            onChange={(v) => set('institutionCode')(v.toUpperCase())}
            error={error('institutionCode')}
            autoComplete="off"
            spellcheck={false}
          />
          <FormField label={t('lateRequest.category')} errorText={error('category')} stretch>
            <RadioGroup value={values.category || null} items={categoryOptions} onChange={({ detail }) => set('category')(detail.value)} />
          </FormField>
          {profile.oldMailDomain && (
            <TextField
              label={t('lateRequest.oldAddress')}
              hint={t('lateRequest.oldAddressHint', { domain: profile.oldMailDomain })}
              value={values.oldAddress}
              onChange={set('oldAddress')}
              error={error('oldAddress')}
              type="email"
              inputMode="email"
              autoComplete="email"
              spellcheck={false}
            />
          )}
          <TextField
            label={t('lateRequest.alternateEmail')}
            value={values.alternateEmail}
            onChange={set('alternateEmail')}
            error={error('alternateEmail')}
            type="email"
            inputMode="email"
            spellcheck={false}
          />
          <FormField label={t('lateRequest.locale')} errorText={error('locale')} stretch>
            <RadioGroup
              value={values.locale}
              items={profile.locales.map((l) => ({ value: l, label: <span lang={l}>{LANGUAGE_NAMES[l]}</span> }))}
              onChange={({ detail }) => set('locale')(detail.value)}
            />
          </FormField>
        </SubmitForm>
      </Container>
      <Link to="/sign-in">{t('app.back')}</Link>
    </Page>
  );
}

const TITLES = {
  pending: 'lateRequest.awaitingTitle',
  approved: 'lateRequest.approvedTitle',
  rejected: 'lateRequest.rejectedTitle',
} as const;

/**
 * Step 3: the decision, read with the status token when the page opens and whenever the
 * applicant asks again. A token the API no longer knows (a year on) ends here: the page says so
 * and offers a new request.
 */
function RequestStatus({ saved, onNewRequest }: { saved: SavedRequest; onNewRequest: () => void }) {
  const { api } = useApp();
  const i18n = useI18n();
  const { t, date } = i18n;
  const [status, setStatus] = useState<LateRequestStatus | null>(null);
  const [busy, setBusy] = useState(true);
  const [problem, setProblem] = useState<{ message: string; unknown: boolean } | null>(null);
  const check = useCallback(async () => {
    setBusy(true);
    setProblem(null);
    try {
      setStatus(await call(api.POST('/v1/late-requests/status', { body: { token: saved.token } })));
    } catch (caught) {
      const unknown = caught instanceof ApiError && caught.problem?.code === 'late_request_status_unknown';
      setProblem({ message: explain(caught, i18n).message, unknown });
    } finally {
      setBusy(false);
    }
  }, [api, saved.token, i18n]);
  useEffect(() => {
    void check();
  }, [check]);

  const state = status?.state ?? 'pending';
  const newRequest = (
    <Button variant={problem?.unknown ? 'primary' : 'link'} onClick={onNewRequest}>
      {t('lateRequest.newRequest')}
    </Button>
  );
  return (
    <Page title={problem?.unknown ? t('lateRequest.title') : t(TITLES[state])}>
      <ErrorAlert message={problem?.message} />
      <div aria-busy={busy}>
        {busy && !status && <StatusIndicator type="loading">{t('app.loading')}</StatusIndicator>}
        {status?.state === 'pending' && (
          <SpaceBetween size="m">
            <Notice type="info" message={t('lateRequest.awaiting')} />
            <Box>{t('lateRequest.awaitingNext', { requestId: saved.requestId })}</Box>
          </SpaceBetween>
        )}
        {status?.state === 'approved' && (
          <SpaceBetween size="m">
            <Notice
              message={t('lateRequest.approved', { date: date(status.decidedAt ?? status.confirmedAt), address: status.address ?? '' })}
            />
            <Box>{t('lateRequest.approvedNext')}</Box>
            <Link to={`/sign-in?login=${encodeURIComponent(status.address ?? '')}`}>{t('lateRequest.toSignIn')}</Link>
          </SpaceBetween>
        )}
        {status?.state === 'rejected' && (
          <Notice type="info" message={t('lateRequest.rejected', { date: date(status.decidedAt ?? status.confirmedAt) })} />
        )}
      </div>
      <SpaceBetween direction="horizontal" size="s">
        {/* Only a pending request (or one not read yet) can change: a decision is final. */}
        {!problem?.unknown && (status === null || status.state === 'pending') && (
          <Button onClick={() => void check()} loading={busy} disabled={busy}>
            {t('lateRequest.refresh')}
          </Button>
        )}
        {(problem?.unknown || status?.state === 'rejected') && newRequest}
      </SpaceBetween>
      <Link to="/sign-in">{t('app.home')}</Link>
    </Page>
  );
}
