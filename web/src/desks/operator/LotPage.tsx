import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useEffect, useState } from 'react';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useParams } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, ConfirmAlert, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { useDateTime } from './format';
import { type LaunchTime, LaunchTimeFields } from './LaunchTimeFields';
import { LOT_STATE_TYPES } from './LotsPage';
import { instantOf, wallClock } from './launch-time';
import { messages } from './messages';

type Lot = components['schemas']['LotDetail'];
type Progress = components['schemas']['Progress'];

/** How often a scheduled or launching lot is read again. */
const POLL_MS = 2_000;

/** Members who reached a terminal launch state (notified or beyond): what the launch is done with. */
const reached = (p: Progress) => p.notified + p.activated + p.expired;

/**
 * One lot: its details, its launch progress read live (`GET /v1/lots/{id}/progress` every few
 * seconds while it is scheduled or launching, as a progress bar and counts by state), and what
 * an operator may still do with it: move the launch or cancel it before it starts, resume a
 * launch that stalled.
 */
export function LotPage() {
  const { lotId = '' } = useParams();
  const { t, locale } = useDeskI18n(messages);
  const { profile } = useApp();
  const when = useDateTime();
  const lot = useQuery((api) => call(api.GET('/v1/lots/{lotId}', { params: { path: { lotId } } })), [lotId]);
  const progress = useQuery((api) => call(api.GET('/v1/lots/{lotId}/progress', { params: { path: { lotId } } })), [lotId]);
  const action = useAction();
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [launch, setLaunch] = useState<LaunchTime>({ date: '', time: '' });
  const data = lot.data;
  const live = data?.state === 'scheduled' || data?.state === 'launching';

  // Live: read the lot and its progress again every few seconds while it may still move.
  const { reload: reloadLot } = lot;
  const { reload: reloadProgress } = progress;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      reloadLot();
      reloadProgress();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [live, reloadLot, reloadProgress]);

  // The move form starts at the lot's own launch time, on the deployment's clock.
  const launchAt = data?.launchAt;
  useEffect(() => {
    if (launchAt) setLaunch(wallClock(new Date(launchAt), profile.timeZone));
  }, [launchAt, profile.timeZone]);

  const act = async (work: Parameters<typeof action.run>[0], message: () => string) => {
    setDone(undefined);
    if (await action.run(work)) {
      setDone(message());
      reloadLot();
      reloadProgress();
    }
  };

  const move = () => {
    const at = instantOf(launch.date, launch.time, profile.timeZone) ?? `${launch.date}T${launch.time}`;
    void act(
      (api) => call(api.PATCH('/v1/lots/{lotId}', { params: { path: { lotId } }, body: { launchAt: at } })),
      () => t('lot.moved', { when: when(at) }),
    );
  };

  const title = data ? t('lot.title', { name: data.name }) : t('lot.loadingTitle');
  return (
    <DeskPage title={title} description={<Link to="/operator/lots">{t('lot.back')}</Link>}>
      <ProblemAlert error={lot.error} onRetry={reloadLot} />
      <Notice message={done} />
      <ProblemAlert error={action.error} />
      <div aria-busy={!data && !lot.error}>
        {!data && !lot.error && <StatusIndicator type="loading">{t('desk.loading')}</StatusIndicator>}
        {data && (
          <SpaceBetween size="l">
            <Container header={<Header variant="h2">{t('lot.details')}</Header>}>
              <KeyValuePairs columns={3} items={details(data, t, when, locale)} />
            </Container>
            <Container
              header={
                <Header variant="h2" description={live ? t('lot.live') : undefined}>
                  {t('lot.progressTitle')}
                </Header>
              }
            >
              <ProgressSection lot={data} progress={progress.data} />
              <ProblemAlert error={progress.error} />
            </Container>
            {data.state === 'scheduled' && (
              <Container header={<Header variant="h2">{t('lot.moveTitle')}</Header>}>
                <ActionForm
                  onSubmit={move}
                  submitLabel={t('lot.move')}
                  busy={action.busy}
                  secondary={
                    <Button formAction="none" onClick={() => setConfirming(true)} disabled={action.busy}>
                      {t('lot.cancel')}
                    </Button>
                  }
                >
                  <LaunchTimeFields value={launch} onChange={setLaunch} />
                </ActionForm>
                {confirming && (
                  <Box margin={{ top: 'm' }}>
                    <ConfirmAlert
                      text={t('lot.cancelConfirm')}
                      onClose={() => setConfirming(false)}
                      onConfirm={() => {
                        setConfirming(false);
                        void act(
                          (api) => call(api.POST('/v1/lots/{lotId}/cancel', { params: { path: { lotId } } })),
                          () => t('lot.cancelled'),
                        );
                      }}
                    />
                  </Box>
                )}
              </Container>
            )}
            {data.state === 'launching' && (
              <Container
                header={
                  <Header variant="h2" description={t('lot.resumeHint')}>
                    {t('lot.resume')}
                  </Header>
                }
              >
                <Button
                  loading={action.busy}
                  onClick={() =>
                    void act(
                      (api) => call(api.POST('/v1/lots/{lotId}/resume', { params: { path: { lotId } } })),
                      () => t('lot.resumed'),
                    )
                  }
                >
                  {t('lot.resume')}
                </Button>
              </Container>
            )}
          </SpaceBetween>
        )}
      </div>
    </DeskPage>
  );
}

type T = ReturnType<typeof useDeskI18n<typeof messages.en>>['t'];

function details(lot: Lot, t: T, when: (iso: string | null | undefined) => string, locale: string) {
  const n = (count: number) => count.toLocaleString(locale);
  const s = lot.selection;
  const selection =
    s.kind === 'institutions'
      ? t('lot.selectionInstitutions', { count: s.institutionCodes.length, codes: s.institutionCodes.join(', ') })
      : s.kind === 'members'
        ? t('lot.selectionMembers', { count: s.memberIds.length })
        : t('lot.selectionNext', { count: s.count });
  return [
    { label: t('lots.state'), value: <StatusIndicator type={LOT_STATE_TYPES[lot.state]}>{t(`lots.states.${lot.state}`)}</StatusIndicator> },
    { label: t('lots.launchAt'), value: when(lot.launchAt) },
    { label: t('lots.members'), value: n(lot.memberCount) },
    { label: t('lot.selection'), value: selection },
    { label: t('lot.created'), value: when(lot.createdAt) },
    { label: t('lot.launched'), value: when(lot.launchedAt) },
    { label: t('lot.completed'), value: when(lot.completedAt) },
    ...(lot.state === 'cancelled' ? [{ label: t('lot.released'), value: `${n(lot.released)} / ${n(lot.memberCount)}` }] : []),
  ];
}

function ProgressSection({ lot, progress }: { lot: Lot; progress: Progress | undefined }) {
  const { t, locale } = useDeskI18n(messages);
  const p = progress ?? lot.progress;
  const total = lot.memberCount;
  const done = reached(p);
  const percent = total > 0 ? Math.round((100 * done) / total) : 0;
  const complete = total > 0 && done >= total;
  const states: Array<[string, number]> = [
    [t('states.pending'), p.pending],
    [t('states.account-created'), p.accountCreated],
    [t('states.notified'), p.notified],
    [t('states.activated'), p.activated],
    [t('states.expired'), p.expired],
    [t('lot.reNotified'), p.reNotified],
    [t('lot.bounced'), p.bounced],
  ];
  return (
    <SpaceBetween size="m">
      {/* Complete: the bar gives way to its result (Cloudscape shows resultText instead of the bar). */}
      <ProgressBar
        value={percent}
        label={t('lot.progressLabel')}
        additionalInfo={complete ? undefined : t('lot.progressValue', { done, total })}
        status={complete ? 'success' : 'in-progress'}
        resultText={t('lot.progressValue', { done, total })}
      />
      <KeyValuePairs columns={4} items={states.map(([label, value]) => ({ label, value: value.toLocaleString(locale) }))} />
    </SpaceBetween>
  );
}
