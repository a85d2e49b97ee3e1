import Alert from '@cloudscape-design/components/alert';
import BarChart from '@cloudscape-design/components/bar-chart';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import LineChart from '@cloudscape-design/components/line-chart';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { useDeskI18n } from '../common';
import { messages } from './messages';
import { SNAPSHOT_TIME_UTC } from './snapshot-time';

export type Progress = components['schemas']['Progress'];
export type DeliveryReport = components['schemas']['DeliveryReport'];
export type ProgressHistory = components['schemas']['ProgressHistory'];

/** The states a member is in, one each (reNotified and bounced are marks on top of them). */
const STATES = ['pending', 'accountCreated', 'notified', 'activated', 'expired'] as const;
const MARKS = ['reNotified', 'bounced'] as const;
/** Every counter of a progress answer, in the order the table shows them. */
export const PROGRESS_KEYS = [...STATES, ...MARKS] as const;

type Step = 'imported' | 'launched' | 'notified' | 'created' | 'activated';

/**
 * The activation funnel from the counters (`GET …/progress`, one read, never member lists):
 * everyone imported; those past `pending`; then, on a migration profile, those told (the notice
 * went after the account was made, or they already signed in), and on an activation profile,
 * those who activated (the invitation came first, the account when they proved their phone);
 * last, those who signed in.
 */
export function funnelOf(p: Progress, activation: boolean): Array<{ step: Step; count: number }> {
  const total = STATES.reduce((sum, s) => sum + p[s], 0);
  return [
    { step: 'imported', count: total },
    { step: 'launched', count: total - p.pending },
    activation ? { step: 'created', count: p.accountCreated + p.activated } : { step: 'notified', count: p.notified + p.activated },
    { step: 'activated', count: p.activated },
  ];
}

/**
 * An institution's (or a lot's) progress as charts and a table: members by state (bars), the
 * activation funnel (bars), and — given the month's delivery report — delivery failures (bars).
 * The table says the same numbers in words, for anyone who cannot read a chart.
 */
export function ProgressCharts({
  progress,
  delivery,
  history,
  download,
}: {
  progress: Progress;
  delivery?: DeliveryReport;
  /** The daily snapshots (`GET …/progress/history`): members by state over time, as lines. */
  history?: ProgressHistory;
  /** A download button on the table (the reports' CSV of these numbers). */
  download?: (rows: Array<[string, number]>) => void;
}) {
  const { t, locale } = useDeskI18n(messages);
  const number = (n: number) => n.toLocaleString(locale);
  // Bars, not Cloudscape's pie: its highlight can outlive the page (cloudscape-design/components#1401).
  const total = STATES.reduce((sum, s) => sum + progress[s], 0);
  const { profile } = useApp();
  const funnel = funnelOf(progress, profile.flows.activation);
  const rows = PROGRESS_KEYS.map((s) => ({ key: s, label: t(`progress.states.${s}`), count: progress[s] }));
  const failures = delivery
    ? ([
        { key: 'rejected', value: delivery.emails.rejected },
        { key: 'bounced', value: delivery.emails.bounced },
        { key: 'complained', value: delivery.emails.complained },
        { key: 'smsFailed', value: delivery.sms.failed },
      ] as const)
    : [];
  return (
    <SpaceBetween size="l">
      {total === 0 && <Alert type="info">{t('progress.none')}</Alert>}
      <ColumnLayout columns={delivery ? 3 : 2}>
        <Bars
          title={t('progress.byState')}
          label={`${t('progress.byState')}: ${t('progress.total', { count: total })}`}
          series={t('progress.countColumn')}
          bars={STATES.map((state) => ({ x: t(`progress.states.${state}`), y: progress[state] }))}
        />
        <Bars
          title={t('progress.funnel')}
          series={t('progress.countColumn')}
          bars={funnel.map((f) => ({ x: t(`progress.steps.${f.step}`), y: f.count }))}
        />
        {delivery && (
          <Bars
            title={t('progress.delivery')}
            series={t('progress.count')}
            bars={failures.map((f) => ({ x: t(`progress.failures.${f.key}`), y: f.value }))}
          />
        )}
      </ColumnLayout>
      {history && <OverTime history={history} />}
      <Table
        variant="container"
        header={
          <Header
            variant="h2"
            actions={
              download && (
                <Button iconName="download" onClick={() => download(rows.map((r) => [r.label, r.count]))}>
                  {t('desk.download')}
                </Button>
              )
            }
          >
            {t('progress.title')}
          </Header>
        }
        columnDefinitions={[
          { id: 'state', header: t('progress.stateColumn'), cell: (r) => r.label, isRowHeader: true },
          { id: 'count', header: t('progress.countColumn'), cell: (r) => number(r.count) },
        ]}
        items={rows}
        trackBy="key"
      />
    </SpaceBetween>
  );
}

/** One horizontal bar chart in its container: labelled categories, one series, no filter or legend. */
function Bars({ title, label, series, bars }: { title: string; label?: string; series: string; bars: Array<{ x: string; y: number }> }) {
  const { locale } = useDeskI18n(messages);
  const number = (n: number) => n.toLocaleString(locale);
  return (
    <Container header={<Header variant="h2">{title}</Header>}>
      <BarChart
        series={[{ title: series, type: 'bar', data: bars, valueFormatter: number }]}
        i18nStrings={{ yTickFormatter: number }}
        ariaLabel={label ?? title}
        hideFilter
        hideLegend
        horizontalBars
        height={40 * bars.length}
        xScaleType="categorical"
      />
    </Container>
  );
}

/**
 * Members by state over time: one line per state, one point per UTC day with a snapshot (the
 * daily `progress-snapshot` job); a day without one is simply not drawn. Before the first
 * snapshot it says when that will be.
 */
function OverTime({ history }: { history: ProgressHistory }) {
  const { t, locale } = useDeskI18n(messages);
  const day = (d: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(d));
  const points = history.days.map((d) => ({ x: new Date(`${d.day}T00:00:00Z`), counts: d.counts }));
  const first = history.days[0];
  const last = history.days.at(-1);
  // From the first snapshot (at least two weeks back, so the ticks fall on whole days; never before
  // what was asked) to today: a young history is spread over the chart, not squeezed to its edge.
  const end = new Date(`${history.to}T00:00:00Z`);
  const twoWeeksBack = end.getTime() - 13 * 86_400_000;
  const start = new Date(Math.max(Date.parse(`${history.from}T00:00:00Z`), Math.min(points[0]?.x.getTime() ?? twoWeeksBack, twoWeeksBack)));
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={
            first && last && t('progress.overTimeRange', { count: history.days.length, from: day(first.day), to: day(last.day) })
          }
        >
          {t('progress.overTime')}
        </Header>
      }
    >
      {points.length === 0 ? (
        <Alert type="info">{t('progress.noHistory', { time: SNAPSHOT_TIME_UTC })}</Alert>
      ) : (
        <LineChart
          series={STATES.map((state) => ({
            title: t(`progress.states.${state}`),
            type: 'line' as const,
            data: points.map((p) => ({ x: p.x, y: p.counts[state] })),
            valueFormatter: (n: number) => n.toLocaleString(locale),
          }))}
          xScaleType="time"
          xDomain={[start, end]}
          i18nStrings={{ xTickFormatter: day, yTickFormatter: (n) => n.toLocaleString(locale) }}
          ariaLabel={t('progress.overTime')}
          xTitle={t('progress.dayColumn')}
          yTitle={t('progress.countColumn')}
          hideFilter
          height={240}
        />
      )}
    </Container>
  );
}
