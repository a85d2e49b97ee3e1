import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useState } from 'react';
import { type Api, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useParams } from '../../app/router';
import { ActionForm, CursorTable, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useDownload, useQuery } from '../common';
import { messages } from './messages';
import { ProgressCharts } from './ProgressCharts';

/** The month the delivery report counts (UTC, as the API does): the current one. */
const thisMonth = () => new Date().toISOString().slice(0, 7);

/** How many days of history the progress charts show. */
export const HISTORY_DAYS = 30;

/** An institution's progress over the last `HISTORY_DAYS` days (the daily snapshots: one query). */
export const readHistory = (api: Api, institutionCode: string) =>
  call(
    api.GET('/v1/institutions/{institutionCode}/progress/history', {
      params: { path: { institutionCode }, query: { days: HISTORY_DAYS } },
    }),
  );

/** An institution's progress, its history and delivery report, read together (counters and snapshots: three reads). */
export async function readProgress(api: Api, institutionCode: string) {
  const [progress, history, delivery] = await Promise.all([
    call(api.GET('/v1/institutions/{institutionCode}/progress', { params: { path: { institutionCode } } })),
    readHistory(api, institutionCode),
    call(api.GET('/v1/reports/delivery', { params: { query: { institutionCode, month: thisMonth() } } })),
  ]);
  return { progress, history, delivery };
}

/**
 * One institution for its school admin: where its staff are (charts and a table from the
 * progress counters, delivery failures of the month), what to do next (import, late requests,
 * the phone-update list), the members export and — on activation profiles — the activation
 * notices. Every read names the institution; the API checks it is the caller's.
 */
export function SchoolPage() {
  const { t } = useDeskI18n(messages);
  const code = useParams().institutionCode ?? '';
  const state = useQuery((api) => readProgress(api, code), [code]);
  // Refused (not the caller's institution, or none such): the API's reason, and nothing else applies.
  const refused = state.error instanceof ApiError && (state.error.status === 403 || state.error.status === 404);

  return (
    <DeskPage title={t('school.titleOf', { code })} description={t('school.intro')}>
      <ProblemAlert error={state.error} onRetry={state.reload} />
      {!refused && <SchoolActions code={code} onNoticesSent={state.reload} />}
      {!refused && (
        <SpaceBetween size="s">
          <Header
            variant="h2"
            actions={
              <Button iconName="refresh" loading={state.loading} onClick={state.reload}>
                {t('desk.refresh')}
              </Button>
            }
          >
            {t('progress.title')}
          </Header>
          {state.data && <ProgressCharts progress={state.data.progress} history={state.data.history} delivery={state.data.delivery} />}
        </SpaceBetween>
      )}
    </DeskPage>
  );
}

/** What a school admin does for the institution: import, late requests, the phone list, the members export; activation notices. */
function SchoolActions({ code, onNoticesSent }: { code: string; onNoticesSent(): void }) {
  const { t } = useDeskI18n(messages);
  const { profile } = useApp();
  const members = useDownload();
  const path = `/school/${encodeURIComponent(code)}`;
  return (
    <>
      <Container header={<Header variant="h2">{t('school.links')}</Header>}>
        <SpaceBetween size="s">
          <ul>
            <li>
              <Link to={`${path}/import`}>{t('school.importLink')}</Link>
            </li>
            {profile.flows.lateRequest && (
              <li>
                <Link to={`${path}/late-requests`}>{t('school.lateLink')}</Link>
              </li>
            )}
            <li>
              <Link to={`${path}/phone-updates`}>{t('school.phoneLink')}</Link>
            </li>
          </ul>
          <Box>
            <Button
              iconName="download"
              loading={members.busy}
              onClick={() => void members.download(`/v1/institutions/${encodeURIComponent(code)}/members.csv`, `members-${code}.csv`)}
            >
              {t('school.exportMembers')}
            </Button>
          </Box>
          <ProblemAlert error={members.error} />
        </SpaceBetween>
      </Container>
      {profile.flows.activation && <ActivationNotices code={code} onSent={onNoticesSent} />}
    </>
  );
}

type MemberSummary = components['schemas']['MemberSummary'];
/**
 * The members a notice is for: never invited, or invited and not activated yet (a re-send); and
 * those whose window ran out, whom the admin reopens one at a time, with a reason.
 */
const WAITING = ['pending', 'notified', 'activation-expired'] as const;
type Shown = (typeof WAITING)[number];

/**
 * ru-moscow: the activation notice (`POST …/activation-notices`) to everyone who has neither
 * activated nor an open window, or to the members the admin picks from the institution's members
 * not yet activated (`GET /v1/members?institutionCode=&state=`, a page at a time), sent as `memberIds`.
 */
function ActivationNotices({ code, onSent }: { code: string; onSent(): void }) {
  const { t, date } = useDeskI18n(messages);
  const { api } = useApp();
  const [asking, setAsking] = useState<'all' | 'chosen'>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<{ queued: number; skipped: number }>();
  const [shown, setShown] = useState<Shown>('pending');
  const expired = shown === 'activation-expired';
  const [reopening, setReopening] = useState<MemberSummary>();
  const [reopened, setReopened] = useState<{ name: string; until: string }>();
  const [chosen, setChosen] = useState<readonly MemberSummary[]>([]);
  const [round, setRound] = useState(0);
  const load = useCallback(
    (a: Api, cursor: string | undefined) =>
      call(a.GET('/v1/members', { params: { query: { institutionCode: code, state: shown, limit: 50, ...(cursor && { cursor }) } } })),
    [code, shown],
  );
  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = asking === 'chosen' ? { memberIds: chosen.map((m) => m.memberId) } : {};
      setSent(
        await call(
          api.POST('/v1/institutions/{institutionCode}/activation-notices', { params: { path: { institutionCode: code } }, body }),
        ),
      );
      setChosen([]);
      setRound((r) => r + 1);
      onSent();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAsking(undefined);
    }
  };
  const stateOptions = WAITING.map((w) => ({ value: w, label: t(`notices.shown.${w}`) }));
  const done = (member: MemberSummary, until: string) => {
    setReopening(undefined);
    setReopened({ name: `${member.givenName} ${member.familyName}`, until });
    setChosen([]);
    setRound((r) => r + 1);
    onSent();
  };
  return (
    <Container header={<Header variant="h2">{t('notices.title')}</Header>}>
      <SpaceBetween size="m">
        <Box>{t('notices.text')}</Box>
        <Box>
          <Button onClick={() => setAsking('all')} loading={busy && asking === 'all'}>
            {t('notices.send')}
          </Button>
        </Box>
        <ProblemAlert error={error} />
        {reopened && (
          <div aria-live="polite">
            <Alert type="success">{t('notices.reopened', { name: reopened.name, date: date(reopened.until) })}</Alert>
          </div>
        )}
        {sent && (
          <Alert type="success">
            {t('notices.sent', { count: sent.queued })} {sent.skipped > 0 && t('notices.skipped', { count: sent.skipped })}
          </Alert>
        )}
        <CursorTable<MemberSummary>
          header={t(expired ? 'notices.expiredTitle' : 'notices.chooseTitle')}
          description={t(expired ? 'notices.expiredText' : 'notices.chooseText')}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Select
                selectedOption={stateOptions.find((o) => o.value === shown) ?? null}
                options={stateOptions}
                ariaLabel={t('notices.show')}
                onChange={(e) => {
                  setShown(e.detail.selectedOption.value as Shown);
                  setChosen([]);
                }}
              />
              {expired ? (
                <Button variant="primary" disabled={chosen.length === 0} onClick={() => setReopening(chosen[0])}>
                  {t('notices.reopen')}
                </Button>
              ) : (
                <Button variant="primary" disabled={chosen.length === 0} onClick={() => setAsking('chosen')}>
                  {t('notices.sendChosen', { count: chosen.length })}
                </Button>
              )}
            </SpaceBetween>
          }
          columns={[
            { id: 'name', header: t('notices.name'), cell: (m) => `${m.givenName} ${m.familyName}`, isRowHeader: true },
            { id: 'login', header: t('notices.login'), cell: (m) => m.login },
            { id: 'phone', header: t('notices.phone'), cell: (m) => m.phone },
          ]}
          load={load}
          deps={[code, shown]}
          reloadKey={round}
          trackBy="memberId"
          empty={t('notices.none')}
          selectionType={expired ? 'single' : 'multi'}
          selectedItems={chosen}
          selectionLabel={(m) => t('notices.select', { name: `${m.givenName} ${m.familyName}` })}
          onSelectionChange={setChosen}
        />
      </SpaceBetween>
      <Modal
        visible={asking !== undefined}
        onDismiss={() => setAsking(undefined)}
        header={t('notices.title')}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setAsking(undefined)}>
                {t('desk.cancel')}
              </Button>
              <Button variant="primary" loading={busy} onClick={() => void send()}>
                {asking === 'chosen' ? t('notices.sendChosen', { count: chosen.length }) : t('notices.send')}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {asking === 'chosen' ? t('notices.confirmChosen', { count: chosen.length }) : t('notices.confirm')}
      </Modal>
      {reopening && <ReopenWindow member={reopening} onCancel={() => setReopening(undefined)} onDone={done} />}
    </Container>
  );
}

/**
 * ru-moscow: a member whose 60-day window ran out gets a new one from now and the notice again
 * (`POST /v1/members/{memberId}/activation-window/reopen`), with the reason the audit trail keeps.
 */
function ReopenWindow(props: { member: MemberSummary; onCancel(): void; onDone(member: MemberSummary, until: string): void }) {
  const { t } = useDeskI18n(messages);
  const action = useAction();
  const [reason, setReason] = useState('');
  const { member } = props;
  const name = `${member.givenName} ${member.familyName}`;
  return (
    <Modal visible onDismiss={props.onCancel} header={t('notices.reopenTitle', { name })}>
      <ActionForm
        submitLabel={t('notices.reopen')}
        busy={action.busy}
        error={action.error}
        secondary={
          <Button variant="link" formAction="none" onClick={props.onCancel}>
            {t('desk.cancel')}
          </Button>
        }
        onSubmit={() =>
          void action.run(async (api) => {
            const done = await call(
              api.POST('/v1/members/{memberId}/activation-window/reopen', {
                params: { path: { memberId: member.memberId } },
                body: { reason },
              }),
            );
            props.onDone(member, done.activationWindowEndsAt);
          })
        }
      >
        <Box>{t('notices.reopenText')}</Box>
        <FormField label={t('notices.reason')} stretch>
          <Input value={reason} onChange={({ detail }) => setReason(detail.value)} />
        </FormField>
      </ActionForm>
    </Modal>
  );
}
