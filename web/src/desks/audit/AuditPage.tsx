import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/me';
import { useRouter } from '../../app/router';
import {
  actionWords,
  CursorTable,
  call,
  DeskPage,
  formatInstant,
  InstitutionField,
  outcomeWord,
  ProblemAlert,
  roleWords,
  useAction,
  useDeskI18n,
  useDownload,
  useInstitutionsInReach,
} from '../common';
import { messages } from './messages';

type AuditRecord = components['schemas']['AuditRecord'];
type Report = components['schemas']['AuditVerifyReport'];
const SUBJECTS = ['institution', 'target', 'actor'] as const;
type Subject = (typeof SUBJECTS)[number];

/** The filters as the URL holds them (a search can be bookmarked and shared); none: the reader's own actions. */
function filtersOf(query: URLSearchParams, mySub: string | undefined) {
  const by = SUBJECTS.find((s) => query.get(s));
  return {
    by: by ?? 'actor',
    value: by ? (query.get(by) ?? '') : (mySub ?? ''),
    from: query.get('from') ?? '',
    to: query.get('to') ?? '',
    mine: !by,
  };
}

/**
 * The audit desk (operators and auditors): the trail by institution, target or actor over a
 * range, as the API offers it (`GET /v1/audit`, paged on its cursor), the same as CSV
 * (`/v1/audit.csv`), and the chain check of an institution's day (`POST /v1/audit/verify`).
 * Opened without filters it reads the reader's own recent actions — a role that may not read the
 * trail gets the API's 403 at once.
 */
export function AuditPage() {
  const { t, locale } = useDeskI18n(messages);
  const { query, navigate } = useRouter();
  const { me, loading: meLoading } = useMe();
  const asked = filtersOf(query, me?.sub);
  const [by, setBy] = useState<Subject>(asked.by);
  const [value, setValue] = useState(asked.mine ? '' : asked.value);
  const [from, setFrom] = useState(asked.from);
  const [to, setTo] = useState(asked.to);
  const { download, busy, error: downloadError } = useDownload();
  // The registry (codes and names) to pick from; any code may still be typed.
  const institutions = useInstitutionsInReach();

  const params = new URLSearchParams({
    [asked.by]: asked.value,
    ...(asked.from && { from: asked.from }),
    ...(asked.to && { to: asked.to }),
  });
  const load = useCallback(
    async (api: Api, cursor: string | undefined) =>
      call(
        api.GET('/v1/audit', {
          params: {
            query: {
              [asked.by]: asked.value,
              ...(asked.from && { from: asked.from }),
              ...(asked.to && { to: asked.to }),
              ...(cursor && { cursor }),
            },
          },
        }),
      ),
    [asked.by, asked.value, asked.from, asked.to],
  );
  const show = () => {
    const next = new URLSearchParams({
      [by]: value.trim(),
      ...(from.trim() && { from: from.trim() }),
      ...(to.trim() && { to: to.trim() }),
    });
    navigate(`/audit?${next}`);
  };

  return (
    <DeskPage title={t('audit.title')} description={t('audit.intro')}>
      <SpaceBetween size="l">
        <Container header={<Header variant="h2">{t('audit.filters')}</Header>}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              show();
            }}
          >
            <SpaceBetween size="m">
              <ColumnLayout columns={2}>
                <FormField label={t('audit.subject')}>
                  <Select
                    selectedOption={{ value: by, label: t(`audit.subjects.${by}`) }}
                    options={SUBJECTS.map((s) => ({ value: s, label: t(`audit.subjects.${s}`) }))}
                    onChange={({ detail }) => setBy(detail.selectedOption.value as Subject)}
                  />
                </FormField>
                {by === 'institution' ? (
                  <InstitutionField label={t('audit.value.institution')} value={value} onChange={setValue} institutions={institutions} />
                ) : (
                  <FormField label={t(`audit.value.${by}`)}>
                    <Input value={value} onChange={({ detail }) => setValue(detail.value)} spellcheck={false} />
                  </FormField>
                )}
                <FormField label={t('audit.from')} description={t('audit.rangeHint')}>
                  <Input value={from} onChange={({ detail }) => setFrom(detail.value)} placeholder="2026-12-01" />
                </FormField>
                <FormField label={t('audit.to')}>
                  <Input value={to} onChange={({ detail }) => setTo(detail.value)} placeholder="2026-12-31" />
                </FormField>
              </ColumnLayout>
              <Button variant="primary" formAction="submit">
                {t('audit.submit')}
              </Button>
            </SpaceBetween>
          </form>
        </Container>
        {asked.mine && <Box>{t('audit.mine')}</Box>}
        <ProblemAlert error={downloadError} />
        <div aria-busy={meLoading}>
          {asked.value && (
            <CursorTable<AuditRecord>
              header={t('audit.records')}
              load={load}
              deps={[asked.by, asked.value, asked.from, asked.to]}
              // No key of a record is unique in the view (`seq` is per shard, one request may write several): rows go by position.
              empty={t('audit.empty')}
              filtering
              actions={
                <Button iconName="download" loading={busy} onClick={() => void download(`/v1/audit.csv?${params}`, 'audit.csv')}>
                  {t('audit.export')}
                </Button>
              }
              columns={[
                { id: 'at', header: t('audit.columns.at'), cell: (r) => formatInstant(r.at, locale), sortingField: 'at' },
                {
                  id: 'actor',
                  header: t('audit.columns.actor'),
                  // The login the API looked up (operators, auditors), the record's id under it; the id alone otherwise.
                  cell: (r) =>
                    r.actorLogin ? (
                      <>
                        <div>{r.actorLogin}</div>
                        <Box variant="small" color="text-body-secondary">
                          {r.actor}
                        </Box>
                      </>
                    ) : (
                      r.actor
                    ),
                  sortingField: 'actor',
                },
                { id: 'role', header: t('audit.columns.role'), cell: (r) => roleWords(r.role, locale) },
                {
                  id: 'action',
                  header: t('audit.columns.action'),
                  // In words, with the code the record holds (what the filter, the CSV and the API's readers go by).
                  cell: (r) => (
                    <>
                      <div>{actionWords(r.action, locale)}</div>
                      <Box variant="small" color="text-body-secondary">
                        {r.action}
                      </Box>
                    </>
                  ),
                  sortingField: 'action',
                },
                { id: 'target', header: t('audit.columns.target'), cell: (r) => r.target },
                { id: 'institution', header: t('audit.columns.institution'), cell: (r) => r.institution, sortingField: 'institution' },
                { id: 'outcome', header: t('audit.columns.outcome'), cell: (r) => outcomeWord(r.outcome, locale), sortingField: 'outcome' },
                { id: 'reason', header: t('audit.columns.reason'), cell: (r) => r.reason ?? '' },
                { id: 'details', header: t('audit.columns.details'), cell: (r) => (r.details ? JSON.stringify(r.details) : '') },
              ]}
            />
          )}
        </div>
        {/* Remounted with each institution filter: the check is offered for the institution read. */}
        <Verify
          key={asked.by === 'institution' ? asked.value : ''}
          initialInstitution={asked.by === 'institution' ? asked.value : ''}
          institutions={institutions}
        />
      </SpaceBetween>
    </DeskPage>
  );
}

function Verify({
  initialInstitution,
  institutions,
}: {
  initialInstitution: string;
  institutions: ReturnType<typeof useInstitutionsInReach>;
}) {
  const { t } = useDeskI18n(messages);
  const [institutionCode, setInstitution] = useState(initialInstitution);
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const action = useAction();
  const [report, setReport] = useState<Report>();
  return (
    <Container
      header={
        <Header variant="h2" description={t('audit.verify.intro')}>
          {t('audit.verify.title')}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (action.busy) return;
            setReport(undefined);
            void action.run(async (api) =>
              setReport(
                await call(
                  api.POST('/v1/audit/verify', { body: { institutionCode: institutionCode.trim().toUpperCase(), day: day.trim() } }),
                ),
              ),
            );
          }}
        >
          <SpaceBetween size="m">
            <ColumnLayout columns={2}>
              <InstitutionField
                label={t('audit.verify.institution')}
                value={institutionCode}
                onChange={setInstitution}
                institutions={institutions}
              />
              <FormField label={t('audit.verify.day')}>
                <Input value={day} onChange={({ detail }) => setDay(detail.value)} />
              </FormField>
            </ColumnLayout>
            <Button formAction="submit" loading={action.busy}>
              {t('audit.verify.submit')}
            </Button>
          </SpaceBetween>
        </form>
        <ProblemAlert error={action.error} />
        <div aria-live="polite">{report && <VerifyReport report={report} />}</div>
      </SpaceBetween>
    </Container>
  );
}

function VerifyReport({ report }: { report: Report }) {
  const { t, locale } = useDeskI18n(messages);
  const none = t('audit.verify.none');
  return (
    <SpaceBetween size="m">
      <StatusIndicator type={report.intact ? 'success' : 'error'}>
        {t(report.intact ? 'audit.verify.intact' : 'audit.verify.broken')}
      </StatusIndicator>
      <KeyValuePairs
        columns={4}
        items={[
          { label: t('audit.verify.records'), value: report.records.toLocaleString(locale) },
          { label: t('audit.verify.unkeyed'), value: report.unkeyed.toLocaleString(locale) },
          { label: t('audit.verify.digests'), value: report.digests.checked.toLocaleString(locale) },
          {
            label: t('audit.verify.firstBreak'),
            value: report.firstBreak
              ? t('audit.verify.breakValue', {
                  ...report.firstBreak,
                  reason: t(`audit.verify.reasons.${report.firstBreak.reason}`),
                })
              : none,
          },
          {
            label: t('audit.verify.digestProblems'),
            value: report.digests.problems.length
              ? report.digests.problems.map((p) => `${p.key}: ${t(`audit.verify.problems.${p.problem}`)}`).join('; ')
              : none,
          },
        ]}
      />
      <Table
        header={<Header variant="h3">{t('audit.verify.partitions')}</Header>}
        items={report.partitions}
        trackBy="partition"
        variant="embedded"
        empty={<Box textAlign="center">{t('audit.verify.noRecords')}</Box>}
        columnDefinitions={[
          { id: 'partition', header: t('audit.verify.partition'), cell: (p) => p.partition },
          { id: 'records', header: t('audit.verify.records'), cell: (p) => p.records.toLocaleString(locale) },
          {
            id: 'digested',
            header: t('audit.verify.digested'),
            cell: (p) => (p.digestedSeq === null ? t('audit.verify.notDigested') : p.digestedSeq),
          },
          {
            id: 'break',
            header: t('audit.verify.firstBreak'),
            cell: (p) =>
              p.firstBreak ? (
                <StatusIndicator type="error">{`${p.firstBreak.seq}: ${t(`audit.verify.reasons.${p.firstBreak.reason}`)}`}</StatusIndicator>
              ) : (
                <StatusIndicator type="success">{none}</StatusIndicator>
              ),
          },
        ]}
      />
    </SpaceBetween>
  );
}
