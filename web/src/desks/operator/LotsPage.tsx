import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import RadioGroup from '@cloudscape-design/components/radio-group';
import StatusIndicator, { type StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';
import Textarea from '@cloudscape-design/components/textarea';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useRouter } from '../../app/router';
import { ActionForm, CursorTable, call, DeskPage, useAction, useDeskI18n } from '../common';
import { listOf, useDateTime } from './format';
import { type LaunchTime, LaunchTimeFields } from './LaunchTimeFields';
import { instantOf } from './launch-time';
import { messages } from './messages';

type Lot = components['schemas']['Lot'];
type Kind = Lot['selection']['kind'];

/** The API's cap on a "next pending" lot (shared/api/lot-schemas.ts NEXT_PENDING_MAX). */
const NEXT_PENDING_MAX = 1000;

export const LOT_STATE_TYPES: Record<Lot['state'], StatusIndicatorProps.Type> = {
  scheduled: 'pending',
  launching: 'in-progress',
  launched: 'success',
  cancelled: 'stopped',
};

/**
 * The operator's lots: a form for a new lot (by institutions, by listed members, or the next N
 * pending staff, with its launch day and hour on the deployment's clock) and the rollout across
 * every lot, paged on the server's cursor. A lot opens its own page (progress, move, cancel).
 */
export function LotsPage() {
  const { t, locale } = useDeskI18n(messages);
  const { profile } = useApp();
  const { navigate } = useRouter();
  const when = useDateTime();
  const create = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('next-pending');
  const [list, setList] = useState('');
  const [count, setCount] = useState('');
  const [launch, setLaunch] = useState<LaunchTime>({ date: '', time: '' });
  const [loaded, setLoaded] = useState<Lot[]>([]);

  const submit = async () => {
    const selection =
      kind === 'institutions'
        ? { kind, institutionCodes: listOf(list).map((c) => c.toUpperCase()) }
        : kind === 'members'
          ? { kind, memberIds: listOf(list) }
          : { kind, count: Number(count) };
    let lotId = '';
    const ok = await create.run(async (api) => {
      // A day and hour that are no date are sent as they are: the API names the field.
      const launchAt = instantOf(launch.date, launch.time, profile.timeZone) ?? `${launch.date}T${launch.time}`;
      lotId = (await call(api.POST('/v1/lots', { body: { name, launchAt, selection } }))).lotId;
    });
    if (ok) navigate(`/operator/lots/${lotId}`);
  };

  const totals = loaded.reduce((s, l) => ({ members: s.members + l.memberCount, enqueued: s.enqueued + l.enqueued }), {
    members: 0,
    enqueued: 0,
  });

  return (
    <DeskPage title={t('lots.title')} description={t('lots.description')}>
      <Container header={<Header variant="h2">{t('lots.createTitle')}</Header>}>
        <ActionForm onSubmit={() => void submit()} submitLabel={t('lots.create')} busy={create.busy} error={create.error}>
          <FormField label={t('lots.name')} stretch>
            <Input value={name} onChange={({ detail }) => setName(detail.value)} autoComplete={false} />
          </FormField>
          <FormField label={t('lots.selection')} stretch>
            <RadioGroup
              value={kind}
              onChange={({ detail }) => setKind(detail.value as Kind)}
              items={[
                { value: 'next-pending', label: t('lots.nextPending') },
                { value: 'institutions', label: t('lots.byInstitutions') },
                { value: 'members', label: t('lots.byMembers') },
              ]}
            />
          </FormField>
          {kind === 'next-pending' ? (
            <FormField label={t('lots.count')} constraintText={t('lots.countHint', { max: NEXT_PENDING_MAX })}>
              <Input type="number" inputMode="numeric" value={count} onChange={({ detail }) => setCount(detail.value)} />
            </FormField>
          ) : (
            <FormField
              label={t(kind === 'institutions' ? 'lots.institutionCodes' : 'lots.memberIds')}
              constraintText={t(kind === 'institutions' ? 'lots.institutionCodesHint' : 'lots.memberIdsHint')}
              stretch
            >
              <Textarea value={list} onChange={({ detail }) => setList(detail.value)} rows={3} />
            </FormField>
          )}
          <LaunchTimeFields value={launch} onChange={setLaunch} />
        </ActionForm>
      </Container>
      <CursorTable<Lot>
        header={t('lots.rolloutTitle')}
        description={t('lots.totals', { count: loaded.length, members: totals.members, enqueued: totals.enqueued })}
        load={async (api, cursor) => {
          const page = await call(api.GET('/v1/lots', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }));
          setLoaded((before) => (cursor ? [...before, ...page.items] : page.items));
          return page;
        }}
        deps={[]}
        trackBy="lotId"
        filtering
        columns={[
          {
            id: 'name',
            header: t('lots.lot'),
            cell: (l) => <Link to={`/operator/lots/${l.lotId}`}>{l.name}</Link>,
            sortingField: 'name',
          },
          {
            id: 'state',
            header: t('lots.state'),
            cell: (l) => <StatusIndicator type={LOT_STATE_TYPES[l.state]}>{t(`lots.states.${l.state}`)}</StatusIndicator>,
            sortingField: 'state',
          },
          { id: 'launchAt', header: t('lots.launchAt'), cell: (l) => when(l.launchAt), sortingField: 'launchAt' },
          { id: 'members', header: t('lots.members'), cell: (l) => l.memberCount.toLocaleString(locale), sortingField: 'memberCount' },
          {
            id: 'enqueued',
            header: t('lots.enqueued'),
            cell: (l) =>
              l.memberCount > 0 ? (
                <Box>
                  <ProgressBar
                    value={Math.round((100 * l.enqueued) / l.memberCount)}
                    additionalInfo={`${l.enqueued.toLocaleString(locale)} / ${l.memberCount.toLocaleString(locale)}`}
                    ariaLabel={`${t('lots.enqueued')}: ${l.name}`}
                  />
                </Box>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </DeskPage>
  );
}
