import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useMe } from '../../app/me';
import { Link, useParams } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { messages } from './messages';
import { type Mailbox, MemberPicker, type MemberSummary, ResponsibleChanges, useMailboxWords } from './parts';

type ResetRequest = components['schemas']['ResetRequest'];
const EMPTY_FORM = { number: '', signedOn: '', approverName: '', approverTitle: '', archivedAt: '' };

/**
 * One institution mailbox (`GET /v1/institution-mailboxes/{id}`): its facts; a reset with the
 * signed paper form (`POST /v1/reset-requests` with `mailboxId`: the new temporary password goes
 * by SMS to the responsible person, never to this page); a change of responsible person, filed with
 * a reason and decided by someone else; the changes of this mailbox awaiting a decision. A role
 * without the right sees the API's 403.
 */
export function MailboxPage() {
  const { t, date } = useDeskI18n(messages);
  const { me } = useMe();
  const mailboxId = useParams().mailboxId ?? '';
  const [reloadKey, setReloadKey] = useState(0);
  const mailbox = useQuery(
    (api) => call(api.GET('/v1/institution-mailboxes/{mailboxId}', { params: { path: { mailboxId } } })),
    [mailboxId, reloadKey],
  );
  const m = mailbox.data;
  const words = useMailboxWords();
  const roles = me?.roles ?? [];
  const officer = roles.includes('officer');
  const files = officer || roles.includes('operator');
  const decides = files || roles.includes('approver');
  const changed = () => setReloadKey((k) => k + 1);

  return (
    <DeskPage title={m?.address ?? t('mailbox.loadingTitle')} description={<Link to="/mailboxes">{t('mailbox.back')}</Link>}>
      <ProblemAlert error={mailbox.error} onRetry={mailbox.reload} />
      {mailbox.loading && !m && !mailbox.error && <Box>{t('desk.loading')}</Box>}
      {m && (
        <Container header={<Header variant="h2">{t('mailbox.facts')}</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: t('mailboxes.name'), value: m.name },
              { label: t('mailbox.institution'), value: m.institutionCode },
              { label: t('mailboxes.state'), value: words.state(m.state) },
              { label: t('mailboxes.responsible'), value: words.responsible(m.responsible) },
              { label: t('mailboxes.deadline'), value: words.deadline(m.nextDeadline) },
              { label: t('mailbox.passwordChangedAt'), value: m.passwordChangedAt ? date(m.passwordChangedAt) : t('mailbox.never') },
              { label: t('mailbox.registeredAt'), value: date(m.registeredAt) },
            ]}
          />
        </Container>
      )}
      {/* Resets are the officer's (the API's fileResetRequest); operators and others see the API's answer if they try by URL. */}
      {m && officer && <SignedFormReset mailbox={m} onFiled={changed} />}
      {m && files && <ChangeResponsible mailbox={m} onFiled={changed} />}
      {m && decides && (
        <ResponsibleChanges institutionCode={m.institutionCode} mailboxId={m.mailboxId} reloadKey={reloadKey} onDecided={changed} />
      )}
    </DeskPage>
  );
}

/** The signed paper form's data, as the resets desk takes it; the outcome in words (never a password). */
function SignedFormReset({ mailbox, onFiled }: { mailbox: Mailbox; onFiled(): void }) {
  const { t, date } = useDeskI18n(messages);
  const file = useAction();
  const [form, setForm] = useState(EMPTY_FORM);
  const [outcome, setOutcome] = useState<{ type: 'success' | 'info'; message: string }>();
  const text = (name: keyof typeof EMPTY_FORM) => ({
    value: form[name],
    onChange: ({ detail }: { detail: { value: string } }) => setForm((f) => ({ ...f, [name]: detail.value })),
  });
  const describe = (r: ResetRequest) =>
    r.state === 'done'
      ? r.smsDelivered === false
        ? { type: 'info' as const, message: t('mailbox.resetRefused') }
        : { type: 'success' as const, message: t('mailbox.resetDone') }
      : r.state === 'awaiting-approval' && r.approveBy
        ? { type: 'info' as const, message: t('mailbox.resetAwaiting', { date: date(r.approveBy) }) }
        : { type: 'info' as const, message: t('mailbox.resetOther') };

  const submit = () => {
    setOutcome(undefined);
    void file.run(async (api) => {
      const filed = await call(
        api.POST('/v1/reset-requests', {
          body: { mailboxId: mailbox.mailboxId, form: { ...form, signedOn: form.signedOn.replaceAll('/', '-') } },
        }),
      );
      setOutcome(describe(filed));
      setForm(EMPTY_FORM);
      onFiled();
    });
  };

  return (
    <Container
      header={
        <Header variant="h2" description={t('mailbox.resetIntro')}>
          {t('mailbox.resetTitle')}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <Notice type={outcome?.type} message={outcome?.message} />
        <ActionForm onSubmit={submit} submitLabel={t('mailbox.file')} busy={file.busy} error={file.error}>
          <FormField label={t('mailbox.formNumber')} stretch>
            <Input {...text('number')} autoComplete={false} />
          </FormField>
          <FormField label={t('mailbox.signedOn')} constraintText="YYYY/MM/DD">
            <DatePicker
              value={form.signedOn}
              onChange={({ detail }) => setForm((f) => ({ ...f, signedOn: detail.value }))}
              placeholder="YYYY/MM/DD"
              expandToViewport
            />
          </FormField>
          <FormField label={t('mailbox.approverName')} stretch>
            <Input {...text('approverName')} autoComplete={false} />
          </FormField>
          <FormField label={t('mailbox.approverTitle')} stretch>
            <Input {...text('approverTitle')} autoComplete={false} />
          </FormField>
          <FormField label={t('mailbox.archivedAt')} stretch>
            <Input {...text('archivedAt')} autoComplete={false} />
          </FormField>
        </ActionForm>
      </SpaceBetween>
    </Container>
  );
}

/** Another responsible person, chosen among the institution's staff, with a reason; nothing moves until someone else approves. */
function ChangeResponsible({ mailbox, onFiled }: { mailbox: Mailbox; onFiled(): void }) {
  const { t, date } = useDeskI18n(messages);
  const file = useAction();
  const [person, setPerson] = useState<MemberSummary>();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();

  const submit = () => {
    setDone(undefined);
    void file.run(async (api) => {
      const filed = await call(
        api.POST('/v1/institution-mailboxes/{mailboxId}/responsible-changes', {
          params: { path: { mailboxId: mailbox.mailboxId } },
          // Nobody chosen: the API names the missing field.
          body: { responsibleMemberId: person?.memberId ?? '', reason: reason.trim() },
        }),
      );
      setDone(t('mailbox.changeFiled', { date: date(filed.approveBy) }));
      setPerson(undefined);
      setReason('');
      onFiled();
    });
  };

  return (
    <Container
      header={
        <Header variant="h2" description={t('mailbox.changeIntro')}>
          {t('mailbox.changeTitle')}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Notice message={done} />
        <SpaceBetween size="xs">
          <Box variant="h3">{t('mailboxes.responsibleLabel')}</Box>
          <Box color="text-body-secondary">{t('mailboxes.responsibleHint')}</Box>
          <MemberPicker institutionCode={mailbox.institutionCode} chosen={person} onChoose={setPerson} />
        </SpaceBetween>
        <ActionForm onSubmit={submit} submitLabel={t('mailbox.fileChange')} busy={file.busy} error={file.error}>
          <FormField label={t('mailbox.reason')} stretch>
            <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} rows={2} />
          </FormField>
        </ActionForm>
      </SpaceBetween>
    </Container>
  );
}
