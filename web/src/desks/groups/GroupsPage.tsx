import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useMe } from '../../app/me';
import { Link, useRouter } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, CursorTable, call, DeskPage, useAction, useDeskI18n, useMyInstitutions } from '../common';
import { messages } from './messages';
import { type PostingMode, PostingModeField } from './PostingModeField';

type Group = components['schemas']['Group'];

/**
 * A moderator's mailing lists (their institution's, `GET /v1/institutions/{code}/groups`, paged
 * on the server's cursor) and a form for a new one (`POST /v1/groups`; the API checks the name
 * and that the address is free among lists and people).
 */
export function GroupsPage() {
  const { t, locale } = useDeskI18n(messages);
  const { me } = useMe();
  const { navigate, query } = useRouter();
  // A list just deleted on its page (`?deleted=address`): said here, where it is gone from the table.
  // Only an address is echoed, so a crafted link cannot put a sentence of its own on the page.
  const deleted = /^[^\s@]{1,64}@[^\s@]{1,190}$/.test(query.get('deleted') ?? '') ? query.get('deleted') : null;
  const mine = useMyInstitutions(['moderator']);
  // Without the role (a page opened by URL): their own institution, and the API's answer.
  const code = mine.codes[0] ?? me?.assignments.find((a) => a.institutionCode)?.institutionCode ?? undefined;
  const create = useAction();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [mode, setMode] = useState<PostingMode>('moderated');

  const submit = async () => {
    let groupId = '';
    const ok = await create.run(async (api) => {
      const body = { name: name.trim(), postingMode: mode, owners: [], ...(displayName.trim() && { displayName: displayName.trim() }) };
      groupId = (await call(api.POST('/v1/groups', { body }))).groupId;
    });
    if (ok) navigate(`/groups/${groupId}`);
  };

  return (
    <DeskPage title={t('groups.title')} description={t('groups.description')}>
      <Notice message={deleted ? t('group.deleted', { address: deleted }) : undefined} />
      {me && !code && <Box>{t('groups.noInstitution')}</Box>}
      <Container header={<Header variant="h2">{t('groups.createTitle')}</Header>}>
        <ActionForm onSubmit={() => void submit()} submitLabel={t('groups.create')} busy={create.busy} error={create.error}>
          <FormField label={t('groups.name')} constraintText={t('groups.nameHint')} stretch>
            <Input value={name} onChange={({ detail }) => setName(detail.value)} autoComplete={false} />
          </FormField>
          <FormField label={t('groups.displayName')} stretch>
            <Input value={displayName} onChange={({ detail }) => setDisplayName(detail.value)} autoComplete={false} />
          </FormField>
          <PostingModeField value={mode} onChange={setMode} />
        </ActionForm>
      </Container>
      {code && (
        <CursorTable<Group>
          header={t('groups.listTitle', { code })}
          load={(api, cursor) =>
            call(
              api.GET('/v1/institutions/{institutionCode}/groups', {
                params: { path: { institutionCode: code }, query: { limit: 50, ...(cursor && { cursor }) } },
              }),
            )
          }
          deps={[code]}
          trackBy="groupId"
          filtering
          columns={[
            {
              id: 'address',
              header: t('groups.address'),
              cell: (g) => <Link to={`/groups/${g.groupId}`}>{g.address}</Link>,
              sortingField: 'address',
            },
            { id: 'displayName', header: t('groups.displayName'), cell: (g) => g.displayName ?? '—' },
            { id: 'mode', header: t('groups.mode'), cell: (g) => t(`groups.modes.${g.postingMode}`) },
            { id: 'members', header: t('groups.members'), cell: (g) => g.memberCount.toLocaleString(locale), sortingField: 'memberCount' },
          ]}
        />
      )}
    </DeskPage>
  );
}
