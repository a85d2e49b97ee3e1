import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { Link, useRouter } from '../../app/router';
import type { Key } from '../../i18n/catalog';
import { CursorTable, call, DeskPage, InstitutionField, ProblemAlert, useDeskI18n, useInstitutionsInReach } from '../common';
import { messages } from './messages';

type Member = components['schemas']['MemberSummary'];

/**
 * Finding the member who calls: an exact address or national ID anywhere in the agent's reach, or
 * a name, phone digits or address start in one institution — the server decides what each means
 * and what the agent may see (`GET /v1/members`), pages on its cursor. The institutions in reach
 * are suggested (`GET /v1/institutions`: most roles without the desk get the API's 403 right here;
 * an auditor, who may read the registry, gets it at their first search).
 */
export function SearchPage() {
  const { t } = useDeskI18n(messages);
  const { query, navigate } = useRouter();
  const [q, setQ] = useState(query.get('q') ?? '');
  const [institution, setInstitution] = useState(query.get('institutionCode') ?? '');
  const asked = { q: query.get('q') ?? '', institutionCode: query.get('institutionCode') ?? '' };
  const institutions = useInstitutionsInReach();

  const search = () => {
    const params = new URLSearchParams();
    if (q.trim()) params.set('q', q.trim());
    if (institution.trim()) params.set('institutionCode', institution.trim().toUpperCase());
    navigate(`/support?${params}`);
  };
  const load = useCallback(
    async (api: Api, cursor: string | undefined) =>
      call(
        api.GET('/v1/members', {
          params: {
            query: {
              ...(asked.q && { q: asked.q }),
              ...(asked.institutionCode && { institutionCode: asked.institutionCode }),
              ...(cursor && { cursor }),
            },
          },
        }),
      ),
    [asked.q, asked.institutionCode],
  );

  return (
    <DeskPage title={t('support.search.title')} description={t('support.search.intro')}>
      <SpaceBetween size="l">
        <ProblemAlert error={institutions.error} onRetry={institutions.reload} />
        <Container>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              search();
            }}
          >
            <SpaceBetween size="m">
              <FormField label={t('support.search.query')} description={t('support.search.queryHint')} stretch>
                <Input type="search" value={q} onChange={({ detail }) => setQ(detail.value)} />
              </FormField>
              <InstitutionField
                label={t('support.search.institution')}
                description={t('support.search.institutionHint')}
                value={institution}
                onChange={setInstitution}
                institutions={institutions}
              />
              <Button variant="primary" formAction="submit">
                {t('support.search.submit')}
              </Button>
            </SpaceBetween>
          </form>
        </Container>
        {asked.q || asked.institutionCode ? (
          <CursorTable<Member>
            header={t('support.search.results')}
            load={load}
            deps={[asked.q, asked.institutionCode]}
            trackBy="memberId"
            empty={t('support.search.empty')}
            columns={[
              {
                id: 'name',
                header: t('support.columns.name'),
                cell: (m) => <Link to={`/support/members/${encodeURIComponent(m.memberId)}`}>{`${m.givenName} ${m.familyName}`}</Link>,
                sortingField: 'familyName',
              },
              { id: 'login', header: t('support.columns.login'), cell: (m) => m.login, sortingField: 'login' },
              {
                id: 'institution',
                header: t('support.columns.institution'),
                cell: (m) => m.institutionCode,
                sortingField: 'institutionCode',
              },
              { id: 'state', header: t('support.columns.state'), cell: (m) => t(`states.${m.state}` as Key), sortingField: 'state' },
              { id: 'phone', header: t('support.columns.phone'), cell: (m) => m.phone },
              { id: 'id', header: t('support.columns.idLast3'), cell: (m) => m.nationalIdLast3 },
            ]}
          />
        ) : (
          <Box>{t('support.search.start')}</Box>
        )}
        <Link to="/support/shared-mailboxes">{t('support.search.sharedMailboxes')}</Link>
        <Link to="/support/progress">{t('support.search.progress')}</Link>
      </SpaceBetween>
    </DeskPage>
  );
}
