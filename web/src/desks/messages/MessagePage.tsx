import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import TimeInput from '@cloudscape-design/components/time-input';
import { useEffect, useState } from 'react';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useParams } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { LANGUAGE_NAMES, type Locale } from '../../i18n/catalog';
import { ActionForm, ConfirmAlert, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { useDateTime } from '../operator/format';
import { instantOf } from '../operator/launch-time';
import { inLanguage, MESSAGE_STATE_TYPES, type Message } from './format';
import { messages } from './messages';

type Member = components['schemas']['MemberSummary'];

/** How often a message being sent is read again (its delivery report moves). */
const POLL_MS = 3_000;
const CANCELLABLE: ReadonlyArray<Message['state']> = ['draft', 'awaiting-approval', 'scheduled'];
const language = (l: string) => LANGUAGE_NAMES[l as Locale] ?? l;
const preWrap = { whiteSpace: 'pre-wrap' } as const;

/**
 * One message: who it goes to, its size, whether it needs a second operator; its texts; a preview
 * as a real recipient (`GET …/preview?memberId=`: subject, body and SMS as that person gets them);
 * send now or at a time; cancel before the sending begins (after a confirmation); approve when it
 * waits for a second operator (the API refuses the one who wrote or sent it, and says why); the
 * delivery report once it goes, read again on demand and every few seconds while it is sending.
 */
export function MessagePage() {
  const { messageId = '' } = useParams();
  const { t, locale } = useDeskI18n(messages);
  const { profile } = useApp();
  const when = useDateTime();
  const message = useQuery((api) => call(api.GET('/v1/messages/{messageId}', { params: { path: { messageId } } })), [messageId]);
  const action = useAction();
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const data = message.data;
  const { reload } = message;

  useEffect(() => {
    if (data?.state !== 'sending') return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [data?.state, reload]);

  const act = async (work: Parameters<typeof action.run>[0], notice: () => string) => {
    setDone(undefined);
    if (await action.run(work)) {
      setDone(notice());
      reload();
    }
  };

  const title = data ? t('message.title', { subject: inLanguage(data.subject, locale, profile.defaultLocale) }) : t('message.loadingTitle');
  return (
    <DeskPage title={title} description={<Link to="/messages">{t('message.back')}</Link>}>
      <ProblemAlert error={message.error} onRetry={reload} />
      <Notice message={done} />
      <ProblemAlert error={action.error} />
      <div aria-busy={!data && !message.error}>
        {!data && !message.error && <Spinner size="large" />}
        {data && (
          <SpaceBetween size="l">
            <Container header={<Header variant="h2">{t('message.details')}</Header>}>
              <KeyValuePairs columns={3} items={details(data, t, when, locale)} />
            </Container>
            {(data.state === 'sending' || data.state === 'sent') && <Report message={data} reload={reload} loading={message.loading} />}
            {data.state === 'draft' && (
              <SendForm
                busy={action.busy}
                onSend={(sendAt) =>
                  void act(
                    (api) =>
                      call(api.POST('/v1/messages/{messageId}/send', { params: { path: { messageId } }, body: sendAt ? { sendAt } : {} })),
                    () =>
                      data.needsApproval
                        ? t('message.awaiting')
                        : sendAt
                          ? t('message.scheduledFor', { when: when(sendAt) })
                          : t('message.sentOff'),
                  )
                }
              />
            )}
            {data.state === 'awaiting-approval' && (
              <Container
                header={
                  <Header variant="h2" description={t('message.approveHint', { threshold: data.approvalThreshold })}>
                    {t('message.approveTitle')}
                  </Header>
                }
              >
                <Button
                  variant="primary"
                  loading={action.busy}
                  onClick={() =>
                    void act(
                      (api) => call(api.POST('/v1/messages/{messageId}/approve', { params: { path: { messageId } } })),
                      () => t('message.approved'),
                    )
                  }
                >
                  {t('message.approve')}
                </Button>
              </Container>
            )}
            {CANCELLABLE.includes(data.state) && (
              <Box>
                {confirming ? (
                  <ConfirmAlert
                    text={t('message.cancelConfirm')}
                    onClose={() => setConfirming(false)}
                    onConfirm={() => {
                      setConfirming(false);
                      void act(
                        (api) => call(api.POST('/v1/messages/{messageId}/cancel', { params: { path: { messageId } } })),
                        () => t('message.cancelled'),
                      );
                    }}
                  />
                ) : (
                  <Button onClick={() => setConfirming(true)} disabled={action.busy}>
                    {t('message.cancel')}
                  </Button>
                )}
              </Box>
            )}
            <Texts message={data} />
            <Preview message={data} />
          </SpaceBetween>
        )}
      </div>
    </DeskPage>
  );
}

type T = ReturnType<typeof useDeskI18n<typeof messages.en>>['t'];

function details(m: Message, t: T, when: (iso: string | null | undefined) => string, locale: string) {
  const s = m.selection;
  const only = [
    ...(s.categories ?? []).map((c) => t(`compose.categoryNames.${c as 'teacher'}`)),
    ...(s.states ?? []).map((x) => t(`states.${x as 'notified'}`)),
    ...(s.roles ?? []).map((r) => t(`compose.roleNames.${r as 'officer'}`)),
    ...(s.phoneUpdateList ? [t('compose.phoneUpdateList')] : []),
  ];
  return [
    {
      label: t('messaging.state'),
      value: <StatusIndicator type={MESSAGE_STATE_TYPES[m.state]}>{t(`messaging.states.${m.state}`)}</StatusIndicator>,
    },
    { label: t('messaging.recipients'), value: <span data-count="recipients">{m.recipients.toLocaleString(locale)}</span> },
    { label: t('message.selection'), value: s.institutionCodes.length ? s.institutionCodes.join(', ') : t('message.everyInstitution') },
    ...(only.length ? [{ label: t('message.filters'), value: only.join(' · ') }] : []),
    {
      label: t('message.approval'),
      value: t(m.needsApproval ? 'message.approvalNeeded' : 'message.approvalNotNeeded', { threshold: m.approvalThreshold }),
    },
    {
      label: t('message.smsParts'),
      value: m.smsSegments
        ? Object.entries(m.smsSegments)
            .map(([l, p]) => t('message.smsPartsValue', { language: language(l), segments: p.segments, encoding: p.encoding }))
            .join(' · ')
        : t('message.noSms'),
    },
    { label: t('message.created'), value: when(m.createdAt) },
    ...(m.sendAt ? [{ label: t('message.sendAt'), value: when(m.sendAt) }] : []),
    ...(m.approvedBy ? [{ label: t('message.approvedBy'), value: '✓' }] : []),
    ...(m.sentAt ? [{ label: t('message.sentAt'), value: when(m.sentAt) }] : []),
    ...(m.cancelledAt ? [{ label: t('message.cancelledAt'), value: when(m.cancelledAt) }] : []),
  ];
}

function Texts({ message }: { message: Message }) {
  const { t } = useDeskI18n(messages);
  return (
    <Container header={<Header variant="h2">{t('message.textsTitle')}</Header>}>
      <ColumnLayout columns={Math.min(Object.keys(message.subject).length, 2)} variant="text-grid">
        {Object.keys(message.body).map((l) => (
          <KeyValuePairs
            key={l}
            items={[
              { label: t('compose.subject', { language: language(l) }), value: message.subject[l] ?? '—' },
              { label: t('compose.body', { language: language(l) }), value: <div style={preWrap}>{message.body[l]}</div> },
              ...(message.sms?.[l] ? [{ label: t('message.previewSms'), value: message.sms[l] }] : []),
            ]}
          />
        ))}
      </ColumnLayout>
    </Container>
  );
}

function Preview({ message }: { message: Message }) {
  const { t } = useDeskI18n(messages);
  const [memberId, setMemberId] = useState<string>();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Member[]>();
  const search = useAction();
  const { messageId } = message;
  const preview = useQuery(
    (api) =>
      call(
        api.GET('/v1/messages/{messageId}/preview', {
          params: { path: { messageId }, query: memberId ? { memberId } : {} },
        }),
      ),
    [messageId, memberId],
  );
  const p = preview.data;
  const only = message.selection.institutionCodes.length === 1 ? message.selection.institutionCodes[0] : undefined;

  const find = () =>
    void search.run(async (api) => {
      const query = { q: q.trim(), limit: 10, ...(only && { institutionCode: only }) };
      setFound((await call(api.GET('/v1/members', { params: { query } }))).items);
    });

  return (
    <Container
      header={
        <Header variant="h2" description={t('message.previewIntro')}>
          {t('message.previewTitle')}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ProblemAlert error={preview.error} onRetry={preview.reload} />
        <div aria-busy={preview.loading}>
          {p && (
            <SpaceBetween size="s">
              <Box variant="p" data-preview-for={p.recipient.memberId ?? ''}>
                {p.recipient.email
                  ? t('message.previewFor', { address: p.recipient.email, language: language(p.recipient.locale) })
                  : t('message.previewNoEmail', { language: language(p.recipient.locale) })}
              </Box>
              <KeyValuePairs
                items={[
                  { label: t('message.previewSubject'), value: <span data-preview="subject">{p.subject}</span> },
                  {
                    label: t('message.previewBody'),
                    value: (
                      <div style={preWrap} data-preview="body">
                        {p.body}
                      </div>
                    ),
                  },
                  ...(p.sms
                    ? [
                        {
                          label: t('message.previewSms'),
                          value: (
                            <SpaceBetween size="xxs">
                              <span data-preview="sms">{p.sms.text}</span>
                              <Box color="text-body-secondary" fontSize="body-s">
                                {t('message.smsSize', { units: p.sms.units, segments: p.sms.segments, encoding: p.sms.encoding })}
                              </Box>
                            </SpaceBetween>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </SpaceBetween>
          )}
        </div>
        <ActionForm onSubmit={find} submitLabel={t('message.find')} busy={search.busy} error={search.error} primary={false}>
          <FormField label={t('message.findLabel')} constraintText={t('message.findHint')}>
            <Input value={q} onChange={({ detail }) => setQ(detail.value)} type="search" />
          </FormField>
        </ActionForm>
        {found && found.length === 0 && <Box>{t('message.nobodyFound')}</Box>}
        {found && found.length > 0 && (
          <SpaceBetween size="xs" direction="horizontal">
            {found.map((m) => (
              <Button key={m.memberId} onClick={() => setMemberId(m.memberId)} disabled={m.memberId === memberId}>
                {t('message.previewAs', { name: `${m.givenName} ${m.familyName}` })}
              </Button>
            ))}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </Container>
  );
}

function SendForm({ busy, onSend }: { busy: boolean; onSend(sendAt: string | undefined): void }) {
  const { t } = useDeskI18n(messages);
  const { profile } = useApp();
  const { locale } = useDeskI18n(messages);
  const [mode, setMode] = useState<'now' | 'at'>('now');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  return (
    <Container header={<Header variant="h2">{t('message.sendTitle')}</Header>}>
      <ActionForm
        onSubmit={() => onSend(mode === 'now' ? undefined : (instantOf(date, time, profile.timeZone) ?? `${date}T${time}`))}
        submitLabel={t('message.send')}
        busy={busy}
      >
        <RadioGroup
          value={mode}
          onChange={({ detail }) => setMode(detail.value as 'now' | 'at')}
          ariaLabel={t('message.sendTitle')}
          items={[
            { value: 'now', label: t('message.sendNow') },
            { value: 'at', label: t('message.sendAtTime') },
          ]}
        />
        {mode === 'at' && (
          <SpaceBetween direction="horizontal" size="m">
            <FormField label={t('message.sendDate')} constraintText="YYYY/MM/DD">
              <DatePicker
                value={date}
                onChange={({ detail }) => setDate(detail.value)}
                placeholder="YYYY/MM/DD"
                locale={locale}
                expandToViewport
              />
            </FormField>
            <FormField label={t('message.sendTime')} constraintText={t('message.timeHint', { zone: profile.timeZone })}>
              <TimeInput value={time} onChange={({ detail }) => setTime(detail.value)} format="hh:mm" placeholder="hh:mm" />
            </FormField>
          </SpaceBetween>
        )}
      </ActionForm>
    </Container>
  );
}

function Report({ message, reload, loading }: { message: Message; reload(): void; loading: boolean }) {
  const { t } = useDeskI18n(messages);
  const r = message.report;
  const rows: Array<[keyof Message['report'], number]> = [
    ['queued', r.queued],
    ['sent', r.sent],
    ['rejected', r.rejected],
    ['bounced', r.bounced],
    ['complained', r.complained],
    ['noChannel', r.noChannel],
    ['smsQueued', r.smsQueued],
    ['smsSent', r.smsSent],
    ['smsFailed', r.smsFailed],
  ];
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={t('message.reportHint')}
          actions={
            <Button iconName="refresh" onClick={reload} loading={loading}>
              {t('desk.refresh')}
            </Button>
          }
        >
          {t('message.reportTitle')}
        </Header>
      }
    >
      <KeyValuePairs
        columns={3}
        items={rows.map(([key, value]) => ({
          label: t(`message.report.${key}`),
          value: <span data-count={key}>{value}</span>,
        }))}
      />
    </Container>
  );
}
