import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { type ReactNode, useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../app/me';
import { Link, useParams } from '../../app/router';
import type { Key } from '../../i18n/catalog';
import {
  ActionForm,
  actionWords,
  CursorTable,
  call,
  DeskPage,
  formatInstant,
  outcomeWord,
  ProblemAlert,
  roleWords,
  useAction,
  useDeskI18n,
  useQuery,
} from '../common';
import { messages } from './messages';

type Status = components['schemas']['SupportMemberStatus'];
const COGNITO_STATUSES = ['CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'UNCONFIRMED'] as const;
type CognitoStatus = (typeof COGNITO_STATUSES)[number];
const DEADLINE_KINDS = ['activation-window', 'temporary-password', 'password-warning', 'password-expiry'] as const;
type DeadlineKind = (typeof DEADLINE_KINDS)[number];
const FAILURE_KINDS = ['bounce', 'complaint', 'email-rejected', 'sms-rejected'] as const;
type FailureKind = (typeof FAILURE_KINDS)[number];
/** Whether a value the API sent is one the page has words for. */
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);
type TrailEntry = components['schemas']['AuditTrail']['items'][number];
type ConfirmedChange = components['schemas']['ChannelChangeConfirmed'];
type Reopened = components['schemas']['ReopenedActivationWindow'];

/**
 * One member, for the agent on the phone with them: the account's status, the helpdesk code
 * check, reset-and-send (the password goes by SMS to the phone on record: never on this page),
 * unlock, and the member's audit trail — each action with a reason, each decided and recorded by
 * the API (`/v1/support/members/{memberId}…`).
 */
export function MemberPage() {
  const { t, locale, date } = useDeskI18n(messages);
  const memberId = useParams().memberId ?? '';
  const path = { params: { path: { memberId } } };
  const status = useQuery((api) => call(api.GET('/v1/support/members/{memberId}', path)), [memberId]);
  // An action re-reads the status and the trail: what the page shows is what the API now holds.
  // The actions and the trail show once the status is read (a refusal is then said once).
  const [round, setRound] = useState(0);
  // What the operator's confirmation did, said after the hold (and its form) is gone.
  const [confirmed, setConfirmed] = useState<{ memberId: string; result: ConfirmedChange }>();
  // The same for a reopened activation window (the form goes with the expired state).
  const [reopened, setReopened] = useState<{ memberId: string; until: string }>();
  const changed = () => {
    status.reload();
    setRound((r) => r + 1);
  };
  const member = status.data;
  const isOperator = useMe().me?.roles.includes('operator') ?? false;
  const loadTrail = useCallback(
    async (api: Api, cursor: string | undefined) =>
      call(api.GET('/v1/support/members/{memberId}/audit', { params: { path: { memberId }, query: cursor ? { cursor } : {} } })),
    [memberId],
  );

  return (
    <DeskPage title={t('support.member.title', { name: member ? `${member.givenName} ${member.familyName}` : memberId })}>
      <SpaceBetween size="l">
        <Link to="/support">{t('support.member.back')}</Link>
        <ProblemAlert error={status.error} onRetry={status.reload} />
        <div aria-busy={status.loading && !member}>{member && <StatusPanel member={member} />}</div>
        {member && (
          <SpaceBetween size="l">
            {member.channelHold && (
              <ChannelHold
                memberId={memberId}
                hold={member.channelHold}
                onConfirmed={(result) => {
                  setConfirmed({ memberId, result });
                  changed();
                }}
              />
            )}
            {confirmed?.memberId === memberId && <Confirmed result={confirmed.result} />}
            {member.state === 'activation-expired' && isOperator && (
              <ReopenWindow
                memberId={memberId}
                onDone={(until) => {
                  setReopened({ memberId, until });
                  changed();
                }}
              />
            )}
            {reopened?.memberId === memberId && (
              <div aria-live="polite">
                <Alert type="success">{t('support.reopen.done', { date: date(reopened.until) })}</Alert>
              </div>
            )}
            <VerifyCode memberId={memberId} />
            <ColumnLayout columns={2}>
              <ResetPassword memberId={memberId} onDone={changed} />
              <Unlock memberId={memberId} onDone={changed} />
            </ColumnLayout>
            <CursorTable<TrailEntry>
              header={t('support.trail.title')}
              load={loadTrail}
              deps={[memberId]}
              reloadKey={round}
              empty={t('support.trail.empty')}
              columns={[
                { id: 'at', header: t('support.trail.at'), cell: (e) => formatInstant(e.at, locale), sortingField: 'at' },
                {
                  id: 'action',
                  header: t('support.trail.action'),
                  // In words, with the code the record holds (as the audit desk and its CSV name it).
                  cell: (e) => (
                    <>
                      <div>{actionWords(e.action, locale)}</div>
                      <Box variant="small" color="text-body-secondary">
                        {e.action}
                      </Box>
                    </>
                  ),
                  sortingField: 'action',
                },
                { id: 'actor', header: t('support.trail.actor'), cell: (e) => `${e.actor} (${roleWords(e.role, locale)})` },
                { id: 'outcome', header: t('support.trail.outcome'), cell: (e) => outcomeWord(e.outcome, locale) },
                { id: 'reason', header: t('support.trail.reason'), cell: (e) => e.reason ?? '' },
              ]}
            />
          </SpaceBetween>
        )}
      </SpaceBetween>
    </DeskPage>
  );
}

function StatusPanel({ member }: { member: Status }) {
  const { t, date } = useDeskI18n(messages);
  const { me } = useMe();
  const none = t('support.member.none');
  const account = member.account;
  // Operators open the lot on their desk; others see its id (the lots desk is the operators').
  const lot =
    member.lotId && me?.roles.includes('operator') ? <Link to={`/operator/lots/${member.lotId}`}>{member.lotId}</Link> : member.lotId;
  // Deadlines, delivery failures and Cognito's user status in words (their names are codes); an unknown one as it is.
  const deadline = (kind: string) => (known<DeadlineKind>(DEADLINE_KINDS, kind) ? t(`support.deadlines.${kind}`) : kind);
  const failure = (kind: string) => (known<FailureKind>(FAILURE_KINDS, kind) ? t(`support.failures.${kind}`) : kind);
  const cognitoStatus = (status: string) =>
    known<CognitoStatus>(COGNITO_STATUSES, status) ? t(`support.cognito.${status}`) : t('support.cognito.unknown', { status });
  return (
    <Container header={<Header variant="h2">{t('support.member.status')}</Header>}>
      <KeyValuePairs
        columns={3}
        items={[
          { label: t('support.columns.login'), value: member.address },
          { label: t('support.columns.institution'), value: member.institutionCode },
          { label: t('support.columns.state'), value: t(`states.${member.state}` as Key) },
          { label: t('support.columns.phone'), value: member.phone },
          { label: t('support.columns.idLast3'), value: member.nationalIdLast3 },
          { label: t('support.member.lot'), value: lot ?? none },
          {
            label: t('support.member.lock'),
            value: member.activationLockedUntil ? t('support.member.lockedUntil', { date: date(member.activationLockedUntil) }) : none,
          },
          {
            label: t('support.member.deadline'),
            value: member.nextDeadline
              ? t('support.member.deadlineValue', { kind: deadline(member.nextDeadline.kind), date: date(member.nextDeadline.at) })
              : none,
          },
          {
            label: t('support.member.deliveryFailure'),
            value: member.deliveryFailure
              ? t('support.member.deliveryValue', {
                  kind: failure(member.deliveryFailure.kind),
                  subType: member.deliveryFailure.subType,
                  date: date(member.deliveryFailure.at),
                })
              : none,
          },
          { label: t('support.member.supportCode'), value: member.supportCodeOnRecord ? t('support.member.yes') : t('support.member.no') },
          {
            label: t('support.member.account'),
            value: !account ? (
              t('support.member.noAccount')
            ) : (
              <StatusIndicator type={account.enabled ? 'success' : 'stopped'}>
                {t(account.enabled ? 'support.member.enabled' : 'support.member.disabled', { status: cognitoStatus(account.status) })}
              </StatusIndicator>
            ),
          },
        ]}
      />
    </Container>
  );
}

/**
 * One action on the member, in a panel of its own: what it does, its fields and button (the
 * desks' `ActionForm`: the API's refusal shown above the fields), and below, what the API answered.
 */
function MemberAction<T>(props: {
  title: string;
  intro: string;
  submit: string;
  send(api: Api): Promise<T>;
  /** After a success, with the answer (the page re-reads what changed). */
  onDone?(result: T): void;
  answer(result: T): ReactNode;
  children: ReactNode;
}) {
  const action = useAction();
  const [result, setResult] = useState<{ value: T }>();
  return (
    <Container
      header={
        <Header variant="h2" description={props.intro}>
          {props.title}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ActionForm
          submitLabel={props.submit}
          primary={false}
          busy={action.busy}
          error={action.error}
          onSubmit={() => {
            setResult(undefined);
            void action.run(async (api) => {
              const value = await props.send(api);
              setResult({ value });
              props.onDone?.(value);
            });
          }}
        >
          {props.children}
        </ActionForm>
        <div aria-live="polite">{result && props.answer(result.value)}</div>
      </SpaceBetween>
    </Container>
  );
}

function VerifyCode({ memberId }: { memberId: string }) {
  const { t } = useDeskI18n(messages);
  const [code, setCode] = useState('');
  return (
    <MemberAction
      title={t('support.verify.title')}
      intro={t('support.verify.intro')}
      submit={t('support.verify.submit')}
      send={(api) => {
        const supportCode = code.trim();
        // The code is the caller's secret: it does not stay on the screen once checked.
        setCode('');
        return call(api.POST('/v1/support/verify-code', { body: { memberId, supportCode } }));
      }}
      answer={({ valid }) => (
        <StatusIndicator type={valid ? 'success' : 'error'}>{t(valid ? 'support.verify.valid' : 'support.verify.invalid')}</StatusIndicator>
      )}
    >
      <FormField label={t('support.verify.code')}>
        <Input value={code} onChange={({ detail }) => setCode(detail.value)} autoComplete={false} spellcheck={false} />
      </FormField>
    </MemberAction>
  );
}

/**
 * A member action that needs a reason (reset, unlock): the reason field, the call, then the page
 * re-reads what changed (`onDone`); `answer` says what the API did.
 */
function ReasonAction<T>(props: {
  what: 'reset' | 'unlock' | 'confirm' | 'reopen';
  send(api: Api, reason: string): Promise<T>;
  onDone(result: T): void;
  answer(result: T): ReactNode;
}) {
  const { t } = useDeskI18n(messages);
  const [reason, setReason] = useState('');
  return (
    <MemberAction
      title={t(`support.${props.what}.title`)}
      intro={t(`support.${props.what}.intro`)}
      submit={t(`support.${props.what}.submit`)}
      send={(api) => props.send(api, reason)}
      onDone={props.onDone}
      answer={props.answer}
    >
      <FormField label={t('support.reason')} stretch>
        <Input value={reason} onChange={({ detail }) => setReason(detail.value)} />
      </FormField>
    </MemberAction>
  );
}

function ResetPassword({ memberId, onDone }: { memberId: string; onDone(): void }) {
  const { t } = useDeskI18n(messages);
  return (
    <ReasonAction
      what="reset"
      onDone={onDone}
      send={(api, reason) =>
        call(api.POST('/v1/support/members/{memberId}/reset-password', { params: { path: { memberId } }, body: { reason } }))
      }
      answer={(done) => (
        <Alert type={done.smsRejected ? 'warning' : 'success'}>
          {t(done.smsRejected ? 'support.reset.rejected' : 'support.reset.done', { phone: done.sentTo })}
        </Alert>
      )}
    />
  );
}

function Unlock({ memberId, onDone }: { memberId: string; onDone(): void }) {
  const { t } = useDeskI18n(messages);
  return (
    <ReasonAction
      what="unlock"
      onDone={onDone}
      send={(api, reason) => call(api.POST('/v1/support/members/{memberId}/unlock', { params: { path: { memberId } }, body: { reason } }))}
      answer={(done) => (
        <Alert type="success">
          {[
            t(!done.account ? 'support.unlock.noAccount' : done.account.wasEnabled ? 'support.unlock.wasEnabled' : 'support.unlock.done'),
            ...(done.activationLockCleared ? [t('support.unlock.lockCleared')] : []),
          ].join(' ')}
        </Alert>
      )}
    />
  );
}

/**
 * A re-import changed where credentials go (issue #12): for the profile's hours nothing secret is
 * sent to the new phone or address, so a reset here is refused until then. Said to everyone on the
 * desk; an operator who knows the change is genuine confirms it with a reason (audited), which
 * also makes the new phone the account's recovery phone at once.
 */
function ChannelHold(props: { memberId: string; hold: NonNullable<Status['channelHold']>; onConfirmed(result: ConfirmedChange): void }) {
  const { t, date } = useDeskI18n(messages);
  const { me } = useMe();
  const { memberId, hold } = props;
  const channels = hold.channels.map((c) => t(`support.hold.${c}`)).join(', ');
  return (
    <SpaceBetween size="m">
      <Alert type="warning" header={t('support.hold.title')}>
        {t('support.hold.body', { channels, date: date(hold.clearsAt) })}
      </Alert>
      {me?.roles.includes('operator') && (
        <ReasonAction
          what="confirm"
          send={(api, reason) =>
            call(api.POST('/v1/members/{memberId}/channel-change/confirm', { params: { path: { memberId } }, body: { reason } }))
          }
          onDone={props.onConfirmed}
          answer={() => null}
        />
      )}
    </SpaceBetween>
  );
}

/**
 * ru-moscow: the member's activation window ran out before they activated. An operator gives a new
 * one from now, with a reason (audited); the notice goes again. (A school admin does it from the
 * school desk's activation notices.)
 */
function ReopenWindow({ memberId, onDone }: { memberId: string; onDone(until: string): void }) {
  return (
    <ReasonAction<Reopened>
      what="reopen"
      onDone={(done) => onDone(done.activationWindowEndsAt)}
      send={(api, reason) =>
        call(api.POST('/v1/members/{memberId}/activation-window/reopen', { params: { path: { memberId } }, body: { reason } }))
      }
      answer={() => null}
    />
  );
}

/** What the confirmation did: passwords and codes go to the new channels; a waiting password is on its way; where reset codes go. */
function Confirmed({ result }: { result: ConfirmedChange }) {
  const { t } = useDeskI18n(messages);
  return (
    <div aria-live="polite">
      <Alert type="success">
        {[
          t('support.confirm.done'),
          ...(result.released ? [t('support.confirm.released')] : []),
          ...(result.recoveryPhone === 'updated' ? [t('support.confirm.recoveryPhone')] : []),
          ...(result.recoveryPhone === 'pending' ? [t('support.confirm.recoveryPending')] : []),
        ].join(' ')}
      </Alert>
    </div>
  );
}
