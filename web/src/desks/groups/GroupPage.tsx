import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Link, useParams, useRouter } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { messages } from './messages';
import { type PostingMode, PostingModeField } from './PostingModeField';

type Person = components['schemas']['GroupPerson'];
type JoinRequest = components['schemas']['JoinRequest'];
type Detail = components['schemas']['GroupDetail'];
type Update = components['schemas']['UpdateGroup'];

/** The owners as typed: one address (or member id) a line, blank lines and repeats dropped. */
const ownerRefs = (text: string) => [
  ...new Set(
    text
      .split(/[\n,;]/)
      .map((line) => line.trim())
      .filter(Boolean),
  ),
];

/**
 * One mailing list: its address, posting mode and owners, with a form to change them and a
 * confirmed deletion (`PATCH`/`DELETE /v1/groups/{id}`); its members, with "remove" and a form
 * to add one (`PUT`/`DELETE /v1/groups/{id}/members/{member}`); the requests to join waiting for
 * a decision (`POST …/join-requests/{member}/decision`). The API checks the institution on each.
 */
export function GroupPage() {
  const { groupId = '' } = useParams();
  const { t, date } = useDeskI18n(messages);
  const group = useQuery((api) => call(api.GET('/v1/groups/{groupId}', { params: { path: { groupId } } })), [groupId]);
  const requests = useQuery(
    (api) => call(api.GET('/v1/groups/{groupId}/join-requests', { params: { path: { groupId }, query: { state: 'pending' } } })),
    [groupId],
  );
  const action = useAction();
  const [done, setDone] = useState<string>();
  const [member, setMember] = useState('');
  const [deleting, setDeleting] = useState(false);
  const { navigate } = useRouter();
  const data = group.data;

  const remove = async (address: string) => {
    const ok = await action.run((api) => call(api.DELETE('/v1/groups/{groupId}', { params: { path: { groupId } } })));
    if (ok) navigate(`/groups?deleted=${encodeURIComponent(address)}`, { replace: true });
    else setDeleting(false);
  };

  const change = async (work: Parameters<typeof action.run>[0], message: () => string) => {
    setDone(undefined);
    if (await action.run(work)) {
      setDone(message());
      group.reload();
      requests.reload();
    }
  };

  const add = () => {
    const ref = member.trim();
    let added = true;
    void change(
      async (api) => {
        added = (await call(api.PUT('/v1/groups/{groupId}/members/{memberId}', { params: { path: { groupId, memberId: ref } } }))).added;
        setMember('');
      },
      () => t(added ? 'group.added' : 'group.already', { address: ref }),
    );
  };

  const decide = (r: JoinRequest, decision: 'approve' | 'reject') =>
    void change(
      (api) =>
        call(
          api.POST('/v1/groups/{groupId}/join-requests/{memberId}/decision', {
            params: { path: { groupId, memberId: r.memberId } },
            body: { decision },
          }),
        ),
      () => t(decision === 'approve' ? 'group.approved' : 'group.rejected', { address: r.address }),
    );

  return (
    <DeskPage title={data?.address ?? t('group.loadingTitle')} description={<Link to="/groups">{t('group.back')}</Link>}>
      <ProblemAlert error={group.error} onRetry={group.reload} />
      <Notice message={done} />
      <ProblemAlert error={action.error} />
      <div aria-busy={!data && !group.error}>
        {!data && !group.error && <StatusIndicator type="loading">{t('desk.loading')}</StatusIndicator>}
        {data && (
          <SpaceBetween size="l">
            <Container>
              <KeyValuePairs
                columns={3}
                items={[
                  { label: t('groups.displayName'), value: data.displayName ?? '—' },
                  { label: t('groups.mode'), value: t(`groups.modes.${data.postingMode}`) },
                  { label: t('group.owners'), value: data.owners.map((o) => o.address).join(', ') || t('group.none') },
                ]}
              />
            </Container>
            <Settings
              key={data.groupId}
              group={data}
              onSaved={() => {
                setDone(t('group.saved'));
                group.reload();
              }}
              onDelete={() => setDeleting(true)}
            />
            <Table<Person>
              header={
                <Header variant="h2" counter={`(${data.memberCount})`}>
                  {t('group.membersTitle')}
                </Header>
              }
              variant="container"
              items={data.members}
              trackBy="memberId"
              empty={t('group.noMembers')}
              wrapLines
              columnDefinitions={[
                { id: 'address', header: t('groups.address'), cell: (p) => p.address },
                {
                  id: 'remove',
                  header: t('desk.actions'),
                  cell: (p) => (
                    <Button
                      variant="inline-link"
                      ariaLabel={`${t('group.remove')} ${p.address}`}
                      disabled={action.busy}
                      onClick={() =>
                        void change(
                          (api) =>
                            call(
                              api.DELETE('/v1/groups/{groupId}/members/{memberId}', {
                                params: { path: { groupId, memberId: p.memberId } },
                              }),
                            ),
                          () => t('group.removed', { address: p.address }),
                        )
                      }
                    >
                      {t('group.remove')}
                    </Button>
                  ),
                },
              ]}
            />
            <Container header={<Header variant="h2">{t('group.addTitle')}</Header>}>
              <ActionForm onSubmit={add} submitLabel={t('group.add')} busy={action.busy}>
                <FormField label={t('group.member')} constraintText={t('group.memberHint')} stretch>
                  <Input type="email" value={member} onChange={({ detail }) => setMember(detail.value)} autoComplete={false} />
                </FormField>
              </ActionForm>
            </Container>
            <ProblemAlert error={requests.error} onRetry={requests.reload} />
            <Table<JoinRequest>
              header={<Header variant="h2">{t('group.requestsTitle')}</Header>}
              variant="container"
              items={requests.data?.items ?? []}
              loading={requests.loading && !requests.data}
              loadingText={t('desk.loading')}
              trackBy="memberId"
              empty={t('group.noRequests')}
              wrapLines
              columnDefinitions={[
                { id: 'address', header: t('groups.address'), cell: (r) => r.address },
                { id: 'requestedAt', header: t('group.requestedAt'), cell: (r) => date(r.requestedAt) },
                {
                  id: 'decide',
                  header: t('desk.actions'),
                  cell: (r) => (
                    <SpaceBetween direction="horizontal" size="xs">
                      <Button
                        variant="inline-link"
                        ariaLabel={`${t('group.approve')} ${r.address}`}
                        disabled={action.busy}
                        onClick={() => decide(r, 'approve')}
                      >
                        {t('group.approve')}
                      </Button>
                      <Button
                        variant="inline-link"
                        ariaLabel={`${t('group.reject')} ${r.address}`}
                        disabled={action.busy}
                        onClick={() => decide(r, 'reject')}
                      >
                        {t('group.reject')}
                      </Button>
                    </SpaceBetween>
                  ),
                },
              ]}
            />
          </SpaceBetween>
        )}
      </div>
      <Modal
        visible={deleting && data !== undefined}
        onDismiss={() => setDeleting(false)}
        header={t('group.deleteTitle', { address: data?.address ?? '' })}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setDeleting(false)}>
                {t('desk.cancel')}
              </Button>
              <Button variant="primary" loading={action.busy} onClick={() => data && void remove(data.address)}>
                {t('group.deleteConfirm')}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        {t('group.deleteText', { address: data?.address ?? '' })}
      </Modal>
    </DeskPage>
  );
}

/**
 * The list's settings as a form: display name (empty clears it), who may post, the owners (one
 * address a line; the API resolves each and names the line it does not know). Only what changed
 * is sent, so the audit trail says which fields moved.
 */
/** The settings as the form holds them. */
const formOf = (group: Detail) => ({
  displayName: group.displayName ?? '',
  mode: group.postingMode,
  owners: group.owners.map((o) => o.address).join('\n'),
});
const sameForm = (a: ReturnType<typeof formOf>, b: ReturnType<typeof formOf>) =>
  a.displayName === b.displayName && a.mode === b.mode && a.owners === b.owners;

function Settings(props: { group: Detail; onSaved(): void; onDelete(): void }) {
  const { t } = useDeskI18n(messages);
  const { group } = props;
  const save = useAction();
  const [displayName, setDisplayName] = useState(group.displayName ?? '');
  const [mode, setMode] = useState<PostingMode>(group.postingMode);
  const [owners, setOwners] = useState(group.owners.map((o) => o.address).join('\n'));
  const [unchanged, setUnchanged] = useState(false);
  // The list is read again after every action on the page (a member added bumps it too): the
  // form follows what the server now holds unless the moderator has started editing it.
  const [base, setBase] = useState(() => formOf(group));
  const latest = formOf(group);
  if (!sameForm(latest, base)) {
    if (sameForm({ displayName, mode, owners }, base)) {
      setDisplayName(latest.displayName);
      setMode(latest.mode);
      setOwners(latest.owners);
    }
    setBase(latest);
  }

  const submit = async () => {
    const name = displayName.trim() || null;
    const refs = ownerRefs(owners);
    const body: Update = {
      ...(name !== group.displayName && { displayName: name }),
      ...(mode !== group.postingMode && { postingMode: mode }),
      ...(refs.join('\n') !== group.owners.map((o) => o.address).join('\n') && { owners: refs }),
    };
    setUnchanged(Object.keys(body).length === 0);
    if (Object.keys(body).length === 0) return;
    const params = { path: { groupId: group.groupId } };
    if (await save.run((api) => call(api.PATCH('/v1/groups/{groupId}', { params, body })))) props.onSaved();
  };

  return (
    <Container
      header={
        <Header variant="h2" actions={<Button onClick={props.onDelete}>{t('group.delete')}</Button>}>
          {t('group.settingsTitle')}
        </Header>
      }
    >
      <ActionForm onSubmit={() => void submit()} submitLabel={t('group.save')} busy={save.busy} error={save.error}>
        {unchanged && <Box>{t('group.unchanged')}</Box>}
        <FormField label={t('groups.displayName')} constraintText={t('group.displayNameHint')} stretch>
          <Input value={displayName} onChange={({ detail }) => setDisplayName(detail.value)} autoComplete={false} />
        </FormField>
        <PostingModeField value={mode} onChange={setMode} />
        <FormField label={t('group.owners')} constraintText={t('group.ownersHint')} stretch>
          <Textarea value={owners} onChange={({ detail }) => setOwners(detail.value)} rows={3} />
        </FormField>
      </ActionForm>
    </Container>
  );
}
