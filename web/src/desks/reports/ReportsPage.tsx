import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useEffect, useState } from 'react';
import { useMe } from '../../app/me';
import {
  call,
  DeskPage,
  everyPage,
  monthName,
  ProblemAlert,
  saveBlob,
  useDeskI18n,
  useMyInstitutions,
  useQuery,
  weekNumber,
} from '../common';
import { ProgressCharts } from '../school/ProgressCharts';
import { readHistory } from '../school/SchoolPage';
import { messages } from './messages';

const ROLES = ['school-admin', 'operator', 'support'] as const;
const PROGRESS_ROLES = ['school-admin', 'operator'];

/** The last twelve calendar months, newest first, as the delivery report names them (UTC `yyyy-mm`). */
function lastMonths(now = new Date()): string[] {
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
}

/** What is still being read, said (the page's loading state). */
function Loading({ when }: { when: boolean }) {
  const { t } = useDeskI18n(messages);
  return when ? <StatusIndicator type="loading">{t('desk.loading')}</StatusIndicator> : null;
}

/**
 * A table of numbers saved as CSV in the browser (what the page shows, nothing more): UTF-8 with
 * a byte-order mark for spreadsheets, every cell quoted, and a cell starting with `= + - @`
 * neutralised as the API's own CSV exports do.
 */
function saveCsv(filename: string, rows: Array<Array<string | number>>): void {
  const cell = (v: string | number) => {
    const text = String(v);
    return `"${(/^[=+\-@]/.test(text) && typeof v === 'string' ? `'${text}` : text).replace(/"/g, '""')}"`;
  };
  saveBlob(new Blob([`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }), filename);
}

/** Measures and their values as a table with its CSV download. */
function Figures({ title, description, rows, file }: { title: string; description?: string; rows: Array<[string, number]>; file: string }) {
  const { t, locale } = useDeskI18n(messages);
  return (
    <Table
      variant="container"
      header={
        <Header
          variant="h2"
          description={description}
          actions={
            <Button iconName="download" onClick={() => saveCsv(file, [[t('reports.measure'), t('reports.value')], ...rows])}>
              {t('desk.download')}
            </Button>
          }
        >
          {title}
        </Header>
      }
      columnDefinitions={[
        { id: 'measure', header: t('reports.measure'), cell: ([label]) => label, isRowHeader: true },
        { id: 'value', header: t('reports.value'), cell: ([, value]) => value.toLocaleString(locale) },
      ]}
      items={rows}
      trackBy={([label]) => label}
    />
  );
}

/**
 * Reports, per institution (or the whole deployment, for a deployment-wide reach) and per lot
 * (operators): activation progress as charts, password expiry and the month's delivery as
 * tables, each downloadable. Every figure is the API's (counters, one read each); the API
 * decides which institution the caller may see.
 */
export function ReportsPage() {
  const { t, date, locale } = useDeskI18n(messages);
  const { me } = useMe();
  const mine = useMyInstitutions([...ROLES]);
  const [input, setInput] = useState('');
  const [scope, setScope] = useState<string>();
  const months = lastMonths();
  const [month, setMonth] = useState(months[0] as string);
  const roles = me?.roles ?? [];
  const seesProgress = roles.some((r) => PROGRESS_ROLES.includes(r));
  const operator = roles.includes('operator');

  // Opens on the first institution the user administers (or the deployment, for a deployment-wide reach).
  useEffect(() => {
    if (scope !== undefined || mine.loading || !me) return;
    const first = mine.codes[0] ?? '';
    setInput(first);
    setScope(first);
  }, [scope, mine.loading, mine.codes, me]);

  const institutionCode = scope || undefined;
  const ready = scope !== undefined;
  const expiry = useQuery(
    (api) =>
      ready ? call(api.GET('/v1/reports/password-expiry', { params: { query: { institutionCode } } })) : Promise.resolve(undefined),
    [ready, institutionCode],
  );
  const delivery = useQuery(
    (api) =>
      ready ? call(api.GET('/v1/reports/delivery', { params: { query: { institutionCode, month } } })) : Promise.resolve(undefined),
    [ready, institutionCode, month],
  );
  const progress = useQuery(
    (api) =>
      institutionCode && seesProgress
        ? call(api.GET('/v1/institutions/{institutionCode}/progress', { params: { path: { institutionCode } } }))
        : Promise.resolve(undefined),
    [institutionCode, seesProgress],
  );
  // The same callers as the counters (school admins of it, operators): the daily snapshots, as lines.
  const history = useQuery(
    (api) => (institutionCode && seesProgress ? readHistory(api, institutionCode) : Promise.resolve(undefined)),
    [institutionCode, seesProgress],
  );
  const scopeName = institutionCode ?? t('reports.wholeDeployment');
  const slug = institutionCode ?? 'deployment';

  return (
    <DeskPage title={t('reports.title')} description={t('reports.intro')}>
      <Container>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setScope(input.trim().toUpperCase());
          }}
        >
          <SpaceBetween size="s" direction="horizontal" alignItems="end">
            <FormField label={t('reports.scope')} constraintText={mine.everywhere ? t('reports.scopeHint') : undefined}>
              <Input value={input} onChange={(e) => setInput(e.detail.value)} />
            </FormField>
            <FormField label={t('reports.month')}>
              <Select
                selectedOption={{ value: month, label: monthName(month, locale) }}
                options={months.map((m) => ({ value: m, label: monthName(m, locale) }))}
                onChange={(e) => setMonth(e.detail.selectedOption.value as string)}
              />
            </FormField>
            <Button formAction="submit">{t('reports.show')}</Button>
          </SpaceBetween>
        </form>
      </Container>
      {ready && (
        <SpaceBetween size="l">
          <Header variant="h2">{t('reports.of', { scope: scopeName })}</Header>
          {seesProgress && (
            <SpaceBetween size="s">
              <Header variant="h2">{t('reports.progress')}</Header>
              {!institutionCode && <Alert type="info">{t('reports.progressNeedsInstitution')}</Alert>}
              <ProblemAlert error={progress.error} onRetry={progress.reload} />
              <ProblemAlert error={history.error} onRetry={history.reload} />
              <Loading when={Boolean(institutionCode) && !progress.data && !progress.error} />
              {progress.data && (
                <ProgressCharts
                  progress={progress.data}
                  history={history.data}
                  delivery={delivery.data}
                  download={(rows) => saveCsv(`progress-${slug}.csv`, [[t('reports.measure'), t('reports.value')], ...rows])}
                />
              )}
            </SpaceBetween>
          )}
          <ProblemAlert error={expiry.error} onRetry={expiry.reload} />
          <Loading when={!expiry.data && !expiry.error} />
          {expiry.data && (
            <Figures
              title={t('reports.expiry')}
              description={t('reports.asOf', { date: date(expiry.data.asOf), week: weekNumber(expiry.data.week) })}
              file={`password-expiry-${slug}.csv`}
              rows={[
                [t('reports.rows.closed'), expiry.data.closed],
                [t('reports.rows.reopenedThisWeek'), expiry.data.reopenedThisWeek],
                [t('reports.rows.deploymentDueWithin7Days'), expiry.data.deploymentDueWithin7Days],
                ...(expiry.data.institutionMailboxes
                  ? ([
                      [t('reports.rows.mailboxesOpen'), expiry.data.institutionMailboxes.open],
                      [t('reports.rows.mailboxesClosed'), expiry.data.institutionMailboxes.closed],
                    ] as Array<[string, number]>)
                  : []),
              ]}
            />
          )}
          <ProblemAlert error={delivery.error} onRetry={delivery.reload} />
          <Loading when={!delivery.data && !delivery.error} />
          {delivery.data && (
            <Figures
              title={`${t('reports.delivery')} — ${monthName(delivery.data.month, locale)}`}
              file={`delivery-${slug}-${delivery.data.month}.csv`}
              rows={[
                [t('reports.rows.emailsSent'), delivery.data.emails.sent],
                [t('reports.rows.emailsRejected'), delivery.data.emails.rejected],
                [t('reports.rows.emailsBounced'), delivery.data.emails.bounced],
                [t('reports.rows.emailsComplained'), delivery.data.emails.complained],
                [t('reports.rows.smsSent'), delivery.data.sms.sent],
                [t('reports.rows.smsFailed'), delivery.data.sms.failed],
              ]}
            />
          )}
          {operator && <LotReport />}
        </SpaceBetween>
      )}
    </DeskPage>
  );
}

/** Operators: one lot's progress (`GET /v1/lots/{lotId}/progress`), chosen from every lot (`GET /v1/lots`, all its pages). */
function LotReport() {
  const { t, date } = useDeskI18n(messages);
  // Every lot, page after page (a rollout has a few hundred at most), so any can be chosen.
  const lots = useQuery(
    (api) => everyPage((cursor) => call(api.GET('/v1/lots', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }))),
    [],
  );
  const [lotId, setLotId] = useState<string>();
  const progress = useQuery(
    (api) => (lotId ? call(api.GET('/v1/lots/{lotId}/progress', { params: { path: { lotId } } })) : Promise.resolve(undefined)),
    [lotId],
  );
  const options = (lots.data?.items ?? []).map((l) => ({ value: l.lotId, label: l.name, description: date(l.launchAt) }));
  return (
    <SpaceBetween size="s">
      <Header variant="h2">{t('reports.lots')}</Header>
      <ProblemAlert error={lots.error ?? progress.error} onRetry={lots.reload} />
      <FormField label={t('reports.lot')}>
        <Select
          placeholder={t('reports.chooseLot')}
          selectedOption={options.find((o) => o.value === lotId) ?? null}
          options={options}
          statusType={lots.loading ? 'loading' : lots.error ? 'error' : 'finished'}
          loadingText={t('desk.loading')}
          errorText={t('desk.errorTitle')}
          empty={t('desk.empty')}
          filteringType="auto"
          onChange={(e) => setLotId(e.detail.selectedOption.value)}
        />
      </FormField>
      <Loading when={Boolean(lotId) && progress.loading} />
      {progress.data && lotId && (
        <ProgressCharts
          progress={progress.data}
          download={(rows) => saveCsv(`progress-lot-${lotId}.csv`, [[t('reports.measure'), t('reports.value')], ...rows])}
        />
      )}
    </SpaceBetween>
  );
}
