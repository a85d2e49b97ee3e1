import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import SegmentedControl from '@cloudscape-design/components/segmented-control';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { Link, useParams } from '../../app/router';
import { CursorTable, call, DeskPage, ProblemAlert, useDeskI18n } from '../common';
import { messages } from './messages';

type LateRequest = components['schemas']['LateRequest'];
const STATES = ['awaiting-approval', 'approved', 'rejected'] as const;
type ListState = (typeof STATES)[number];

/**
 * The institution's confirmed late requests by state (`GET …/late-requests`, the server's cursor),
 * and the school admin's decision on each waiting one (`POST /v1/late-requests/{id}/decision`):
 * approve, or reject with a reason that stays with the request.
 */
export function LateRequestsPage() {
  const { t, date } = useDeskI18n(messages);
  const { api } = useApp();
  const code = useParams().institutionCode ?? '';
  const [state, setState] = useState<ListState>('awaiting-approval');
  const [round, setRound] = useState(0);
  const [rejecting, setRejecting] = useState<LateRequest>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const name = (r: LateRequest) => `${r.givenName} ${r.familyName}`;

  const load = useCallback(
    (a: Api, cursor: string | undefined) =>
      call(
        a.GET('/v1/institutions/{institutionCode}/late-requests', {
          params: { path: { institutionCode: code }, query: { state, limit: 50, ...(cursor && { cursor }) } },
        }),
      ),
    [code, state],
  );

  const decide = async (r: LateRequest, decision: 'approve' | 'reject') => {
    setBusy(r.requestId);
    setError(undefined);
    setDone(undefined);
    try {
      const answer = await call(
        api.POST('/v1/late-requests/{requestId}/decision', {
          params: { path: { requestId: r.requestId } },
          body: { decision, ...(decision === 'reject' && reason.trim() && { reason: reason.trim() }) },
        }),
      );
      setDone(
        decision === 'approve'
          ? t('late.approved', { name: name(r), address: answer.address ?? answer.proposedAddress })
          : t('late.rejected', { name: name(r) }),
      );
      setRejecting(undefined);
      setReason('');
      setRound((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <DeskPage title={t('late.title', { code })} description={t('late.intro')}>
      <Link to={`/school/${encodeURIComponent(code)}`}>{t('school.back', { code })}</Link>
      <FormField label={t('late.state')}>
        <SegmentedControl
          selectedId={state}
          label={t('late.state')}
          options={STATES.map((s) => ({ id: s, text: t(`late.states.${s}`) }))}
          onChange={(e) => setState(e.detail.selectedId as ListState)}
        />
      </FormField>
      <ProblemAlert error={error} />
      {done && <Alert type="success">{done}</Alert>}
      <CursorTable<LateRequest>
        header={t('late.table')}
        load={load}
        deps={[code, state]}
        reloadKey={round}
        filtering
        empty={t('late.empty')}
        trackBy="requestId"
        columns={[
          {
            id: 'name',
            header: t('late.name'),
            cell: name,
            sortingComparator: (a, b) => name(a).localeCompare(name(b)),
            isRowHeader: true,
          },
          { id: 'id', header: t('late.idEnd'), cell: (r) => `…${r.nationalIdLast3}` },
          { id: 'phone', header: t('late.phone'), cell: (r) => r.phone },
          { id: 'category', header: t('late.category'), cell: (r) => t(`import.categories.${r.category}`) },
          { id: 'address', header: t('late.address'), cell: (r) => r.address ?? r.proposedAddress },
          {
            id: 'received',
            header: t('late.received'),
            cell: (r) => (r.verifiedAt ? date(r.verifiedAt) : ''),
            sortingField: 'verifiedAt',
          },
          ...(state === 'awaiting-approval'
            ? [
                {
                  id: 'actions',
                  header: t('desk.actions'),
                  cell: (r: LateRequest) => (
                    <SpaceBetween size="xs" direction="horizontal">
                      <Button
                        variant="primary"
                        loading={busy === r.requestId}
                        ariaLabel={`${t('late.approve')}: ${name(r)}`}
                        onClick={() => void decide(r, 'approve')}
                      >
                        {t('late.approve')}
                      </Button>
                      <Button ariaLabel={`${t('late.reject')}: ${name(r)}`} onClick={() => setRejecting(r)}>
                        {t('late.reject')}
                      </Button>
                    </SpaceBetween>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        visible={rejecting !== undefined}
        onDismiss={() => setRejecting(undefined)}
        header={rejecting ? t('late.rejectTitle', { name: name(rejecting) }) : ''}
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setRejecting(undefined)}>
                {t('desk.cancel')}
              </Button>
              <Button variant="primary" loading={busy !== undefined} onClick={() => rejecting && void decide(rejecting, 'reject')}>
                {t('late.reject')}
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        <FormField label={t('late.reason')}>
          <Textarea value={reason} onChange={(e) => setReason(e.detail.value)} />
        </FormField>
      </Modal>
    </DeskPage>
  );
}
