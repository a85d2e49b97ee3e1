import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Link, useParams } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { messages } from './messages';

type Person = components['schemas']['GroupPerson'];
type JoinRequest = components['schemas']['JoinRequest'];

/**
 * One mailing list: its address, posting mode and owners; its members, with "remove" and a form
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
  const data = group.data;

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
        {!data && !group.error && <Spinner size="large" />}
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
    </DeskPage>
  );
}
