import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Link, useParams } from '../../app/router';
import { call, DeskPage, formatInstant, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { messages } from './messages';

type SharedMailbox = components['schemas']['SharedMailbox'];

/**
 * A shared mailbox's delegation model (`GET|PUT /v1/support/shared-mailboxes/{address}/delegation`):
 * the current one, its switches (who, when, why), and the switch to the other, with a reason.
 */
export function DelegationPage() {
  const { t, locale } = useDeskI18n(messages);
  const address = useParams().address ?? '';
  const path = { params: { path: { address } } };
  const current = useQuery((api) => call(api.GET('/v1/support/shared-mailboxes/{address}/delegation', path)), [address]);
  const [reason, setReason] = useState('');
  const action = useAction();
  const [switched, setSwitched] = useState<SharedMailbox>();
  const mailbox = switched ?? current.data;
  const other = mailbox?.model === 'rights' ? 'password' : 'rights';
  const model = (m: SharedMailbox['model']) => t(`support.shared.${m}`);

  return (
    <DeskPage title={t('support.delegation.title', { address })}>
      <SpaceBetween size="l">
        <Link to="/support/shared-mailboxes">{t('support.shared.title')}</Link>
        <ProblemAlert error={current.error} onRetry={current.reload} />
        <div aria-busy={current.loading && !mailbox}>
          {mailbox && (
            <SpaceBetween size="l">
              <Container header={<Header variant="h2">{t('support.delegation.current')}</Header>}>
                <KeyValuePairs
                  columns={3}
                  items={[
                    { label: t('support.shared.model'), value: <StatusIndicator type="info">{model(mailbox.model)}</StatusIndicator> },
                    { label: t('support.columns.institution'), value: mailbox.institutionCode },
                    { label: t('support.shared.updated'), value: formatInstant(mailbox.updatedAt, locale) },
                  ]}
                />
              </Container>
              <Container header={<Header variant="h2">{t('support.delegation.switchTitle')}</Header>}>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (action.busy) return;
                    void action.run(async (api) =>
                      setSwitched(
                        await call(
                          api.PUT('/v1/support/shared-mailboxes/{address}/delegation', { ...path, body: { model: other, reason } }),
                        ),
                      ),
                    );
                  }}
                >
                  <SpaceBetween size="m">
                    <FormField label={t('support.reason')} stretch>
                      <Input value={reason} onChange={({ detail }) => setReason(detail.value)} />
                    </FormField>
                    <Button formAction="submit" loading={action.busy}>
                      {t('support.delegation.switchTo', { model: model(other) })}
                    </Button>
                    <ProblemAlert error={action.error} />
                    <div aria-live="polite">
                      {switched && !action.busy && (
                        <StatusIndicator type="success">
                          {t('support.delegation.switched', { model: model(switched.model) })}
                        </StatusIndicator>
                      )}
                    </div>
                  </SpaceBetween>
                </form>
              </Container>
              <Table
                header={<Header variant="h2">{t('support.delegation.history')}</Header>}
                items={[...mailbox.history].reverse()}
                trackBy="seq"
                variant="container"
                empty={<Box textAlign="center">{t('support.delegation.empty')}</Box>}
                columnDefinitions={[
                  { id: 'at', header: t('support.trail.at'), cell: (h) => formatInstant(h.at, locale) },
                  { id: 'from', header: t('support.delegation.from'), cell: (h) => model(h.from) },
                  { id: 'to', header: t('support.delegation.to'), cell: (h) => model(h.to) },
                  { id: 'by', header: t('support.delegation.by'), cell: (h) => `${h.byLogin} (${h.role})` },
                  { id: 'reason', header: t('support.trail.reason'), cell: (h) => h.reason },
                ]}
              />
            </SpaceBetween>
          )}
        </div>
      </SpaceBetween>
    </DeskPage>
  );
}
