import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { Link, useRouter } from '../../app/router';
import { CursorTable, call, DeskPage, formatInstant, InstitutionField, ProblemAlert, useDeskI18n, useInstitutionsInReach } from '../common';
import { messages } from './messages';

type Shared = components['schemas']['SharedMailboxList']['items'][number];

/**
 * The shared mailboxes in the agent's reach (`GET /v1/shared-mailboxes`; one institution, or all
 * of them for operators and deployment-wide agents), each opening its delegation model.
 */
export function SharedMailboxesPage() {
  const { t, locale } = useDeskI18n(messages);
  const { query, navigate } = useRouter();
  const asked = query.get('institutionCode') ?? '';
  const [institution, setInstitution] = useState(asked);
  const institutions = useInstitutionsInReach();
  const load = useCallback(
    async (api: Api, cursor: string | undefined) =>
      call(api.GET('/v1/shared-mailboxes', { params: { query: { ...(asked && { institutionCode: asked }), ...(cursor && { cursor }) } } })),
    [asked],
  );
  return (
    <DeskPage title={t('support.shared.title')} description={t('support.shared.intro')}>
      <SpaceBetween size="l">
        <Link to="/support">{t('support.member.back')}</Link>
        <ProblemAlert error={institutions.error} onRetry={institutions.reload} />
        <Container>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const code = institution.trim().toUpperCase();
              navigate(code ? `/support/shared-mailboxes?institutionCode=${encodeURIComponent(code)}` : '/support/shared-mailboxes');
            }}
          >
            <SpaceBetween size="m" direction="horizontal" alignItems="end">
              <InstitutionField
                label={t('support.shared.institution')}
                value={institution}
                onChange={setInstitution}
                institutions={institutions}
              />
              <Button formAction="submit">{t('support.search.submit')}</Button>
            </SpaceBetween>
          </form>
        </Container>
        <CursorTable<Shared>
          header={t('support.shared.title')}
          load={load}
          deps={[asked]}
          trackBy="address"
          empty={t('support.shared.empty')}
          columns={[
            {
              id: 'address',
              header: t('support.shared.address'),
              cell: (m) => <Link to={`/support/shared-mailboxes/${encodeURIComponent(m.address)}`}>{m.address}</Link>,
              sortingField: 'address',
            },
            {
              id: 'institution',
              header: t('support.columns.institution'),
              cell: (m) => m.institutionCode,
              sortingField: 'institutionCode',
            },
            { id: 'model', header: t('support.shared.model'), cell: (m) => t(`support.shared.${m.model}`), sortingField: 'model' },
            {
              id: 'updated',
              header: t('support.shared.updated'),
              cell: (m) => formatInstant(m.updatedAt, locale),
              sortingField: 'updatedAt',
            },
          ]}
        />
      </SpaceBetween>
    </DeskPage>
  );
}
