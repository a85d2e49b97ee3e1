import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { useMe } from '../../app/me';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, CursorTable, call, DeskPage, ProblemAlert, putFile, useAction, useDeskI18n, useMyInstitutions } from '../common';
import { messages } from './messages';

type ResetRequest = components['schemas']['ResetRequest'];
type State = ResetRequest['state'];
type MemberSummary = components['schemas']['MemberSummary'];
type FormScan = NonNullable<ResetRequest['form']['scan']>;
type FormScanLink = components['schemas']['FormScanLink'];

const SCAN_TYPES: Record<FormScan['contentType'], string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };
const isScanType = (type: string): type is FormScan['contentType'] => Object.hasOwn(SCAN_TYPES, type);
/** Requests that take no scan any more (the API says `reset_request_closed`). */
const CLOSED: State[] = ['rejected', 'expired', 'failed'];
/** A scan's type and size, the size in the language's units and decimals ("1,5 МБ", "1.5 MB"). */
const scanFacts = (scan: Pick<FormScan, 'contentType' | 'size'>, locale: string) => {
  const mb = scan.size >= 1024 * 1024;
  const size = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? scan.size / (1024 * 1024) : Math.max(1, Math.round(scan.size / 1024)));
  return { type: SCAN_TYPES[scan.contentType], size };
};

const STATE_TYPES: Record<State, StatusIndicatorProps.Type> = {
  'awaiting-approval': 'pending',
  approved: 'in-progress',
  consuming: 'in-progress',
  done: 'success',
  rejected: 'stopped',
  expired: 'stopped',
  failed: 'error',
};
const FILTERS: State[] = ['awaiting-approval', 'done', 'rejected', 'expired', 'failed'];
const EMPTY_FORM = { number: '', signedOn: '', approverName: '', approverTitle: '', archivedAt: '' };

/**
 * Delegated resets (officers and approvers, one institution each): the officer finds a member of
 * their institution, files the signed paper form's data (`POST /v1/reset-requests`; the paper
 * stays archived at the institution) and attaches its scan (uploaded straight to storage with a
 * presigned URL, then confirmed), then sees the outcome; the institution's requests by state, each
 * saying whether its scan is attached and opening it (a short-lived link, audited), where an
 * approver approves or rejects those awaiting a second person (two-person profiles). No password
 * ever reaches this page: the API answers only whether the SMS went.
 */
export function ResetsPage() {
  const { t } = useDeskI18n(messages);
  const { me } = useMe();
  const { profile } = useApp();
  const mine = useMyInstitutions(['officer', 'approver']);
  // Someone without either role who opens the page by URL: their own institution, and the API's answer.
  const fallback = [...new Set((me?.assignments ?? []).flatMap((a) => (a.institutionCode ? [a.institutionCode] : [])))];
  const codes = mine.codes.length > 0 ? mine.codes : fallback;
  const [picked, setPicked] = useState<string>();
  const code = picked && codes.includes(picked) ? picked : codes[0];
  const roles = me?.roles ?? [];
  const officer = roles.includes('officer');
  const approver = roles.includes('approver');
  const twoPerson = profile.flows.delegatedReset === 'two-person';
  const [state, setState] = useState<State>(twoPerson ? 'awaiting-approval' : 'done');
  const [reloadKey, setReloadKey] = useState(0);

  return (
    <DeskPage title={t('resets.title')} description={t('resets.description')}>
      {!me && mine.loading && <Box>{t('desk.loading')}</Box>}
      {me && !code && <Box>{t('resets.noInstitution')}</Box>}
      {codes.length > 1 && (
        <FormField label={t('desk.institution')}>
          <RadioGroup
            value={code ?? null}
            onChange={({ detail }) => setPicked(detail.value)}
            items={codes.map((c) => ({ value: c, label: c }))}
          />
        </FormField>
      )}
      {code && (officer || !approver) && (
        <FileRequest
          institutionCode={code}
          onFiled={(filed) => {
            setState(filed.state === 'awaiting-approval' ? 'awaiting-approval' : filed.state);
            setReloadKey((k) => k + 1);
          }}
        />
      )}
      {code && (
        <Requests
          institutionCode={code}
          state={state}
          onState={setState}
          reloadKey={reloadKey}
          canDecide={approver && twoPerson}
          canAttach={officer}
          description={twoPerson ? t('resets.queueHint') : t('resets.recordedForm')}
        />
      )}
    </DeskPage>
  );
}

/** The officer's form: find the member, type the signed form's data, file; then the outcome. */
function FileRequest({ institutionCode, onFiled }: { institutionCode: string; onFiled(filed: ResetRequest): void }) {
  const { t, date, locale } = useDeskI18n(messages);
  const search = useAction();
  const file = useAction();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MemberSummary[]>();
  const [member, setMember] = useState<MemberSummary>();
  const [form, setForm] = useState(EMPTY_FORM);
  const [filed, setFiled] = useState<ResetRequest>();
  const scan = filed?.form.scan;
  const text = (name: keyof typeof EMPTY_FORM) => ({
    value: form[name],
    onChange: ({ detail }: { detail: { value: string } }) => setForm((f) => ({ ...f, [name]: detail.value })),
  });

  const find = () =>
    void search.run(async (api) => {
      setFound((await call(api.GET('/v1/members', { params: { query: { institutionCode, q: q.trim(), limit: 25 } } }))).items);
    });

  const submit = async () => {
    if (!member) return;
    setFiled(undefined);
    let answer: ResetRequest | undefined;
    const ok = await file.run(async (api) => {
      answer = await call(
        api.POST('/v1/reset-requests', {
          body: { memberId: member.memberId, form: { ...form, signedOn: form.signedOn.replaceAll('/', '-') } },
        }),
      );
    });
    if (ok && answer) {
      setFiled(answer);
      setForm(EMPTY_FORM);
      setMember(undefined);
      setFound(undefined);
      onFiled(answer);
    }
  };

  const outcome = (r: ResetRequest) =>
    r.state === 'done'
      ? r.smsDelivered === false
        ? t('resets.outcomeRefused')
        : t('resets.outcomeDone')
      : r.state === 'awaiting-approval' && r.approveBy
        ? t('resets.outcomeAwaiting', { date: date(r.approveBy) })
        : t('resets.outcomeOther', { state: t(`resets.states.${r.state}`) });

  return (
    <Container
      header={
        <Header variant="h2" description={t('resets.fileIntro')}>
          {t('resets.fileTitle')}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {filed && (
          <Notice
            type={filed.state === 'done' && filed.smsDelivered !== false ? 'success' : 'info'}
            message={`${t('resets.outcomeTitle', { login: filed.address })}: ${outcome(filed)}`}
          />
        )}
        {scan && <Notice message={t('resets.scanAttached', scanFacts(scan, locale))} />}
        {filed && !scan && !CLOSED.includes(filed.state) && (
          <FormScanUpload
            request={filed}
            onAttached={(attached) => {
              setFiled(attached);
              onFiled(attached);
            }}
          />
        )}
        <ActionForm onSubmit={find} submitLabel={t('resets.searchButton')} busy={search.busy} primary={false} error={search.error}>
          <FormField label={t('resets.search')} constraintText={t('resets.searchHint')} stretch>
            <Input type="search" value={q} onChange={({ detail }) => setQ(detail.value)} autoComplete={false} />
          </FormField>
        </ActionForm>
        {found && !member && (
          <Table<MemberSummary>
            items={found}
            trackBy="memberId"
            variant="embedded"
            wrapLines
            empty={t('resets.noMembers')}
            columnDefinitions={[
              { id: 'name', header: t('resets.member'), cell: (m) => `${m.familyName} ${m.givenName}` },
              { id: 'login', header: t('resets.login'), cell: (m) => m.login },
              { id: 'state', header: t('resets.state'), cell: (m) => t(`states.${m.state}`) },
              { id: 'phone', header: t('resets.phone'), cell: (m) => m.phone },
              { id: 'id', header: t('resets.nationalId'), cell: (m) => m.nationalIdLast3 },
              {
                id: 'choose',
                header: t('desk.actions'),
                cell: (m) => (
                  <Button variant="inline-link" ariaLabel={`${t('resets.choose')} ${m.login}`} onClick={() => setMember(m)}>
                    {t('resets.choose')}
                  </Button>
                ),
              },
            ]}
          />
        )}
        {member && (
          <ActionForm
            onSubmit={() => void submit()}
            submitLabel={t('resets.file')}
            busy={file.busy}
            error={file.error}
            header={
              <Box fontWeight="bold">{t('resets.chosen', { name: `${member.givenName} ${member.familyName}`, login: member.login })}</Box>
            }
            secondary={
              <Button formAction="none" onClick={() => setMember(undefined)}>
                {t('desk.cancel')}
              </Button>
            }
          >
            <FormField label={t('resets.formNumber')} stretch>
              <Input {...text('number')} autoComplete={false} />
            </FormField>
            <FormField label={t('resets.signedOn')} constraintText={t('desk.dateFormat')}>
              <DatePicker
                value={form.signedOn}
                onChange={({ detail }) => setForm((f) => ({ ...f, signedOn: detail.value }))}
                placeholder={t('desk.dateFormat')}
                expandToViewport
              />
            </FormField>
            <FormField label={t('resets.approverName')} stretch>
              <Input {...text('approverName')} autoComplete={false} />
            </FormField>
            <FormField label={t('resets.approverTitle')} stretch>
              <Input {...text('approverTitle')} autoComplete={false} />
            </FormField>
            <FormField label={t('resets.archivedAt')} stretch>
              <Input {...text('archivedAt')} autoComplete={false} />
            </FormField>
          </ActionForm>
        )}
      </SpaceBetween>
    </Container>
  );
}

/** The institution's requests in one state, paged on the server's cursor; approve or reject those awaiting approval. */
function Requests(props: {
  institutionCode: string;
  state: State;
  onState(state: State): void;
  reloadKey: number;
  canDecide: boolean;
  /** Officers attach a scan to a request filed without one. */
  canAttach: boolean;
  description: string;
}) {
  const { t, date, locale } = useDeskI18n(messages);
  const decide = useAction();
  const [done, setDone] = useState<string>();
  const [rejecting, setRejecting] = useState<ResetRequest>();
  const [attaching, setAttaching] = useState<ResetRequest>();
  // Short-lived links (5 minutes) to the scans asked for, by request: each ask is audited as a view.
  const [links, setLinks] = useState<Record<string, FormScanLink>>({});
  const [reason, setReason] = useState('');
  const [bump, setBump] = useState(0);
  const { institutionCode, state } = props;

  const act = async (work: Parameters<typeof decide.run>[0], message: string) => {
    setDone(undefined);
    if (await decide.run(work)) {
      setDone(message);
      setRejecting(undefined);
      setReason('');
      setBump((b) => b + 1);
    }
  };

  return (
    <SpaceBetween size="m">
      <Notice message={done} />
      <ProblemAlert error={decide.error} />
      <SegmentedControl
        label={t('resets.stateFilter')}
        selectedId={state}
        onChange={({ detail }) => props.onState(detail.selectedId as State)}
        options={FILTERS.map((s) => ({ id: s, text: t(`resets.states.${s}`) }))}
      />
      <CursorTable<ResetRequest>
        header={t('resets.listTitle')}
        description={props.description}
        load={(api, cursor) =>
          call(
            api.GET('/v1/institutions/{institutionCode}/reset-requests', {
              params: { path: { institutionCode }, query: { state, limit: 50, ...(cursor && { cursor }) } },
            }),
          )
        }
        deps={[institutionCode, state]}
        reloadKey={props.reloadKey + bump}
        trackBy="requestId"
        columns={[
          { id: 'address', header: t('resets.member'), cell: (r) => r.address },
          { id: 'form', header: t('resets.form'), cell: (r) => r.form.number },
          {
            id: 'scan',
            header: t('resets.scan'),
            cell: (r) => {
              const link = links[r.requestId];
              if (r.form.scan) {
                return (
                  <SpaceBetween size="xxs">
                    <StatusIndicator type="success">{t('resets.scanAttachedShort')}</StatusIndicator>
                    {link ? (
                      <Link external href={link.url}>
                        {t('resets.scanOpen', scanFacts(link, locale))}
                      </Link>
                    ) : (
                      <Button
                        variant="inline-link"
                        ariaLabel={`${t('resets.scanShow')} ${r.form.number}`}
                        disabled={decide.busy}
                        onClick={() =>
                          void decide.run(async (api) => {
                            const got = await call(
                              api.GET('/v1/reset-requests/{requestId}/form-scan', { params: { path: { requestId: r.requestId } } }),
                            );
                            setLinks((l) => ({ ...l, [r.requestId]: got }));
                          })
                        }
                      >
                        {t('resets.scanShow')}
                      </Button>
                    )}
                  </SpaceBetween>
                );
              }
              return props.canAttach && !CLOSED.includes(r.state) ? (
                <Button variant="inline-link" ariaLabel={`${t('resets.scanAttach')} ${r.form.number}`} onClick={() => setAttaching(r)}>
                  {t('resets.scanAttach')}
                </Button>
              ) : (
                t('resets.scanNone')
              );
            },
          },
          ...(props.canDecide && state === 'awaiting-approval'
            ? [
                {
                  id: 'decide',
                  header: t('desk.actions'),
                  cell: (r: ResetRequest) => (
                    <SpaceBetween direction="horizontal" size="xs">
                      <Button
                        variant="inline-link"
                        ariaLabel={`${t('resets.approve')} ${r.form.number}`}
                        disabled={decide.busy}
                        onClick={() =>
                          void act(
                            (api) =>
                              call(api.POST('/v1/reset-requests/{requestId}/approve', { params: { path: { requestId: r.requestId } } })),
                            t('resets.approved'),
                          )
                        }
                      >
                        {t('resets.approve')}
                      </Button>
                      <Button variant="inline-link" ariaLabel={`${t('resets.reject')} ${r.form.number}`} onClick={() => setRejecting(r)}>
                        {t('resets.reject')}
                      </Button>
                    </SpaceBetween>
                  ),
                },
              ]
            : []),
          { id: 'filed', header: t('resets.filed'), cell: (r) => date(r.filedAt), sortingField: 'filedAt' },
          {
            id: 'state',
            header: t('resets.state'),
            cell: (r) => <StatusIndicator type={STATE_TYPES[r.state]}>{t(`resets.states.${r.state}`)}</StatusIndicator>,
          },
          {
            id: 'outcome',
            header: t('resets.outcome'),
            cell: (r) =>
              r.state === 'done'
                ? r.smsDelivered === false
                  ? t('resets.smsRefused')
                  : t('resets.smsSent')
                : (r.reason ?? (r.decidedAt ? date(r.decidedAt) : '—')),
          },
        ]}
      />
      {attaching && (
        <FormScanUpload
          request={attaching}
          title={`${t('resets.scanTitle')}: ${attaching.address} (${attaching.form.number})`}
          onAttached={(attached) => {
            setAttaching(undefined);
            setDone(attached.form.scan && t('resets.scanAttached', scanFacts(attached.form.scan, locale)));
            setBump((b) => b + 1);
          }}
          onCancel={() => setAttaching(undefined)}
        />
      )}
      {rejecting && (
        <Container header={<Header variant="h2">{`${t('resets.reject')}: ${rejecting.address} (${rejecting.form.number})`}</Header>}>
          <ActionForm
            onSubmit={() =>
              void act(
                (api) =>
                  call(
                    api.POST('/v1/reset-requests/{requestId}/reject', {
                      params: { path: { requestId: rejecting.requestId } },
                      body: { reason },
                    }),
                  ),
                t('resets.rejected'),
              )
            }
            submitLabel={t('resets.reject')}
            busy={decide.busy}
            secondary={
              <Button formAction="none" onClick={() => setRejecting(undefined)}>
                {t('desk.cancel')}
              </Button>
            }
          >
            <FormField label={t('resets.reason')} stretch>
              <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} rows={2} />
            </FormField>
          </ActionForm>
        </Container>
      )}
    </SpaceBetween>
  );
}

/**
 * The officer attaches the signed form's scan to a request: picks the file (PDF, PNG or JPEG), which
 * goes straight to storage through a presigned URL bound to its type and size (a progress bar
 * meanwhile), then confirms it, which is when the API checks the stored file (size, type) and
 * records it on the request. The API's refusals (too large, wrong type, closed request) are shown as
 * they come.
 */
function FormScanUpload(props: { request: ResetRequest; title?: string; onAttached(r: ResetRequest): void; onCancel?(): void }) {
  const { t } = useDeskI18n(messages);
  const { profile } = useApp();
  const upload = useAction();
  const [files, setFiles] = useState<File[]>([]);
  const [share, setShare] = useState<number>();
  const [checking, setChecking] = useState(false);
  const file = files[0];
  const { request } = props;

  const send = () =>
    void upload.run(async (api) => {
      if (!file) return;
      const path = { params: { path: { requestId: request.requestId } } };
      setShare(0);
      try {
        // Any other type is the API's to refuse (400 with the field), in the console's language.
        const contentType = (isScanType(file.type) ? file.type : file.type || 'application/octet-stream') as FormScan['contentType'];
        const opened = await call(
          api.POST('/v1/reset-requests/{requestId}/form-scan/upload', { ...path, body: { contentType, size: file.size } }),
        );
        await putFile(opened.upload, file, setShare);
        setChecking(true);
        const attached = await call(api.POST('/v1/reset-requests/{requestId}/form-scan/confirm', path));
        setFiles([]);
        props.onAttached(attached);
      } finally {
        setShare(undefined);
        setChecking(false);
      }
    });

  return (
    <Container
      header={
        <Header variant="h2" description={t('resets.scanIntro')}>
          {props.title ?? t('resets.scanTitle')}
        </Header>
      }
    >
      <SpaceBetween size="m">
        {profile.flows.resetFormScan === 'required' && request.state === 'awaiting-approval' && <Box>{t('resets.scanRequired')}</Box>}
        <ProblemAlert error={upload.error} />
        <FormField label={t('resets.scanChoose')}>
          <FileUpload
            value={files}
            onChange={({ detail }) => {
              setFiles(detail.value);
              upload.clear();
            }}
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            showFileSize
            i18nStrings={{
              uploadButtonText: () => t('resets.scanChoose'),
              removeFileAriaLabel: () => t('desk.cancel'),
              errorIconAriaLabel: t('desk.errorTitle'),
            }}
          />
        </FormField>
        {share !== undefined && (
          <ProgressBar
            label={t('resets.scanUploading')}
            value={Math.round(share * 100)}
            description={checking ? t('resets.scanChecking') : undefined}
          />
        )}
        <SpaceBetween direction="horizontal" size="xs">
          <Button variant="primary" onClick={send} disabled={!file} loading={upload.busy}>
            {t('resets.scanUpload')}
          </Button>
          {props.onCancel && <Button onClick={props.onCancel}>{t('desk.cancel')}</Button>}
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}
