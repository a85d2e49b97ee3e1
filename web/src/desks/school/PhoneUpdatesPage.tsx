import Button from '@cloudscape-design/components/button';
import { useCallback } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { Link, useParams } from '../../app/router';
import { CursorTable, call, DeskPage, ProblemAlert, useDeskI18n, useDownload } from '../common';
import { messages } from './messages';

type PhoneUpdate = components['schemas']['PhoneUpdate'];

/** The institution's staff without a usable mobile (`GET …/phone-updates`), with the reason, and its CSV. */
export function PhoneUpdatesPage() {
  const { t, date } = useDeskI18n(messages);
  const code = useParams().institutionCode ?? '';
  const csv = useDownload();
  const name = (p: PhoneUpdate) =>
    [p.givenName, p.familyName].filter(Boolean).join(' ') || (p.nationalIdLast3 ? `…${p.nationalIdLast3}` : '—');
  const load = useCallback(
    (a: Api, cursor: string | undefined) =>
      call(
        a.GET('/v1/institutions/{institutionCode}/phone-updates', {
          params: { path: { institutionCode: code }, query: { limit: 100, ...(cursor && { cursor }) } },
        }),
      ),
    [code],
  );
  return (
    <DeskPage title={t('phones.title', { code })} description={t('phones.intro')}>
      <Link to={`/school/${encodeURIComponent(code)}`}>{t('school.back', { code })}</Link>
      <ProblemAlert error={csv.error} />
      <CursorTable<PhoneUpdate>
        header={t('phones.table')}
        load={load}
        deps={[code]}
        filtering
        empty={t('phones.empty')}
        trackBy="personKey"
        actions={
          <Button
            iconName="download"
            loading={csv.busy}
            onClick={() => void csv.download(`/v1/institutions/${encodeURIComponent(code)}/phone-updates.csv`, `phone-updates-${code}.csv`)}
          >
            {t('desk.download')}
          </Button>
        }
        columns={[
          {
            id: 'name',
            header: t('phones.name'),
            cell: name,
            sortingComparator: (a, b) => name(a).localeCompare(name(b)),
            isRowHeader: true,
          },
          { id: 'reason', header: t('phones.reason'), cell: (p) => t(`phones.reasons.${p.reason}`), sortingField: 'reason' },
          { id: 'phone', header: t('late.phone'), cell: (p) => p.phoneMasked ?? '' },
          { id: 'email', header: t('phones.byEmail'), cell: (p) => (p.reachableByEmail ? t('phones.yes') : t('phones.no')) },
          { id: 'listed', header: t('phones.listed'), cell: (p) => date(p.listedAt), sortingField: 'listedAt' },
        ]}
      />
    </DeskPage>
  );
}
