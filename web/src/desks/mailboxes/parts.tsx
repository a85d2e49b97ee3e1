import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Link } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, CursorTable, call, ProblemAlert, useAction, useDeskI18n } from '../common';
import { messages } from './messages';

export type Mailbox = components['schemas']['InstitutionMailbox'];
export type MemberSummary = components['schemas']['MemberSummary'];
type ResponsibleChange = components['schemas']['ListedResponsibleChange'];
type ChangePerson = ResponsibleChange['from'];
type ChangeState = ResponsibleChange['state'];
const CHANGE_STATES: ChangeState[] = ['awaiting-approval', 'done', 'rejected', 'expired'];

const DEADLINE_KINDS = ['activation-window', 'temporary-password', 'password-warning', 'password-expiry'] as const;
type DeadlineKind = (typeof DEADLINE_KINDS)[number];
const MEMBER_STATES = [
  'pending',
  'account-created',
  'notified',
  'activated',
  'expired',
  'activation-expired',
  'temp-password-expired',
  'password-expired',
] as const;
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** A mailbox's state, its responsible person and its next deadline in words (an unknown code as it is). */
export function useMailboxWords() {
  const { t, date } = useDeskI18n(messages);
  return {
    state: (state: string) => (known(MEMBER_STATES, state) ? t(`states.${state}`) : state),
    responsible: (r: Mailbox['responsible']) => {
      const name = [r.givenName, r.familyName].filter(Boolean).join(' ') || r.memberId;
      const who = r.phone ? `${name}, ${r.phone}` : name;
      return r.current ? who : t('mailboxes.responsibleGone', { name: who });
    },
    deadline: (d: Mailbox['nextDeadline']) =>
      d
        ? t('mailboxes.deadlineValue', {
            kind: known<DeadlineKind>(DEADLINE_KINDS, d.kind) ? t(`mailboxes.deadlines.${d.kind}`) : d.kind,
            date: date(d.at),
          })
        : t('mailboxes.none'),
  };
}

/**
 * A staff member of the institution, found as the resets desk finds one (`GET /v1/members`:
 * login, start of the family name, last digits of the phone; the server keeps the search inside
 * the institution) and chosen from the answers. The phone is the API's masked one.
 */
export function MemberPicker(props: {
  institutionCode: string;
  chosen?: MemberSummary;
  onChoose(member: MemberSummary | undefined): void;
}) {
  const { t } = useDeskI18n(messages);
  const search = useAction();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MemberSummary[]>();
  const { chosen } = props;

  const find = () =>
    void search.run(async (api) => {
      setFound(
        (await call(api.GET('/v1/members', { params: { query: { institutionCode: props.institutionCode, q: q.trim(), limit: 25 } } })))
          .items,
      );
    });

  if (chosen) {
    return (
      <SpaceBetween size="xs" direction="horizontal" alignItems="center">
        <Box fontWeight="bold">
          {t('picker.chosen', { name: `${chosen.givenName} ${chosen.familyName}`, login: chosen.login, phone: chosen.phone })}
        </Box>
        <Button variant="inline-link" onClick={() => props.onChoose(undefined)}>
          {t('picker.someoneElse')}
        </Button>
      </SpaceBetween>
    );
  }
  return (
    <SpaceBetween size="s">
      <ActionForm onSubmit={find} submitLabel={t('picker.searchButton')} busy={search.busy} primary={false} error={search.error}>
        <FormField label={t('picker.search')} constraintText={t('picker.searchHint')} stretch>
          <Input type="search" value={q} onChange={({ detail }) => setQ(detail.value)} autoComplete={false} />
        </FormField>
      </ActionForm>
      {found && (
        <Table<MemberSummary>
          items={found}
          trackBy="memberId"
          variant="embedded"
          wrapLines
          empty={t('picker.noMembers')}
          columnDefinitions={[
            { id: 'name', header: t('picker.member'), cell: (m) => `${m.familyName} ${m.givenName}` },
            { id: 'login', header: t('picker.login'), cell: (m) => m.login },
            { id: 'phone', header: t('picker.phone'), cell: (m) => m.phone },
            {
              id: 'choose',
              header: t('desk.actions'),
              cell: (m) => (
                <Button
                  variant="inline-link"
                  ariaLabel={`${t('picker.choose')} ${m.login}`}
                  onClick={() => {
                    setFound(undefined);
                    setQ('');
                    props.onChoose(m);
                  }}
                >
                  {t('picker.choose')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </SpaceBetween>
  );
}

/** A person of a change by name and masked phone; one who is no longer on the institution's staff, by the id the request holds. */
const person = (p: ChangePerson, memberId: string) => (p ? `${p.givenName} ${p.familyName}, ${p.phone}` : memberId);

/**
 * The institution's changes of responsible person awaiting a decision (oldest first, paged on
 * the server's cursor), each approved or rejected with a reason. Whoever filed one cannot decide
 * it, nor can a role without the right: the API says so (403) and `ProblemAlert` shows it.
 * `mailboxId` keeps to one mailbox's requests.
 */
export function ResponsibleChanges(props: { institutionCode: string; mailboxId?: string; reloadKey?: number; onDecided?(): void }) {
  const { t, date } = useDeskI18n(messages);
  const decide = useAction();
  const [done, setDone] = useState<string>();
  const [rejecting, setRejecting] = useState<ResponsibleChange>();
  const [reason, setReason] = useState('');
  const [bump, setBump] = useState(0);
  const [state, setState] = useState<ChangeState>('awaiting-approval');
  const awaiting = state === 'awaiting-approval';
  const { institutionCode, mailboxId } = props;

  const after = (message: string) => {
    setDone(message);
    setRejecting(undefined);
    setReason('');
    setBump((b) => b + 1);
    props.onDecided?.();
  };
  const approve = (c: ResponsibleChange) => {
    setDone(undefined);
    void decide.run(async (api) => {
      const approved = await call(api.POST('/v1/responsible-changes/{changeId}/approve', { params: { path: { changeId: c.changeId } } }));
      const reset = approved.passwordReset;
      after(
        !reset.done
          ? t('changes.approvedNoReset')
          : reset.smsDelivered
            ? t('changes.approved', { address: approved.address })
            : t('changes.approvedNoSms'),
      );
    });
  };
  const reject = (c: ResponsibleChange) => {
    setDone(undefined);
    void decide.run(async (api) => {
      await call(api.POST('/v1/responsible-changes/{changeId}/reject', { params: { path: { changeId: c.changeId } }, body: { reason } }));
      after(t('changes.rejected'));
    });
  };

  const decideColumn: TableProps.ColumnDefinition<ResponsibleChange> = {
    id: 'decide',
    header: t('desk.actions'),
    cell: (c) => (
      <SpaceBetween direction="horizontal" size="xs">
        <Button variant="inline-link" ariaLabel={`${t('changes.approve')} ${c.address}`} disabled={decide.busy} onClick={() => approve(c)}>
          {t('changes.approve')}
        </Button>
        <Button
          variant="inline-link"
          ariaLabel={`${t('changes.reject')} ${c.address}`}
          onClick={() => {
            decide.clear();
            setRejecting(c);
          }}
        >
          {t('changes.reject')}
        </Button>
      </SpaceBetween>
    ),
  };

  return (
    <SpaceBetween size="m">
      <Notice message={done} />
      {!rejecting && <ProblemAlert error={decide.error} />}
      <SegmentedControl
        label={t('changes.stateFilter')}
        selectedId={state}
        onChange={({ detail }) => setState(detail.selectedId as ChangeState)}
        options={CHANGE_STATES.map((s) => ({ id: s, text: t(`changes.states.${s}`) }))}
      />
      <CursorTable<ResponsibleChange>
        header={t('changes.title')}
        description={t('changes.description')}
        empty={awaiting ? t('changes.empty') : t('changes.emptyOther')}
        load={async (api, cursor) => {
          const page = await call(
            api.GET('/v1/institutions/{institutionCode}/responsible-changes', {
              params: { path: { institutionCode }, query: { state, limit: 50, ...(cursor && { cursor }) } },
            }),
          );
          return mailboxId ? { ...page, items: page.items.filter((c) => c.mailboxId === mailboxId) } : page;
        }}
        deps={[institutionCode, mailboxId, state]}
        reloadKey={(props.reloadKey ?? 0) + bump}
        trackBy="changeId"
        columns={[
          { id: 'mailbox', header: t('changes.mailbox'), cell: (c) => <Link to={`/mailboxes/${c.mailboxId}`}>{c.address}</Link> },
          { id: 'from', header: t('changes.from'), cell: (c) => person(c.from, c.fromMemberId) },
          { id: 'to', header: t('changes.to'), cell: (c) => person(c.to, c.toMemberId) },
          { id: 'reason', header: t('changes.reason'), cell: (c) => c.reason },
          { id: 'filed', header: t('changes.filed'), cell: (c) => date(c.filedAt), sortingField: 'filedAt' },
          awaiting
            ? { id: 'approveBy', header: t('changes.approveBy'), cell: (c) => date(c.approveBy) }
            : {
                id: 'decision',
                header: t('changes.decision'),
                cell: (c) =>
                  c.rejection && c.decidedAt
                    ? t('changes.rejectedBecause', { date: date(c.decidedAt), reason: c.rejection })
                    : c.decidedAt
                      ? t('changes.decidedOn', { date: date(c.decidedAt) })
                      : t(`changes.states.${c.state}`),
              },
          ...(awaiting ? [decideColumn] : []),
        ]}
      />
      {rejecting && (
        <Container header={<Header variant="h2">{`${t('changes.reject')}: ${rejecting.address}`}</Header>}>
          <ActionForm
            onSubmit={() => reject(rejecting)}
            submitLabel={t('changes.reject')}
            busy={decide.busy}
            error={decide.error}
            secondary={
              <Button formAction="none" onClick={() => setRejecting(undefined)}>
                {t('desk.cancel')}
              </Button>
            }
          >
            <FormField label={t('changes.rejectReason')} stretch>
              <Textarea value={reason} onChange={({ detail }) => setReason(detail.value)} rows={2} />
            </FormField>
          </ActionForm>
        </Container>
      )}
    </SpaceBetween>
  );
}
