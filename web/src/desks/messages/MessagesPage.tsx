import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { useCallback, useState } from 'react';
import type { Api } from '../../api/client';
import { useApp } from '../../app/context';
import { Link } from '../../app/router';
import { CursorTable, call, DeskPage, InstitutionField, useDeskI18n, useInstitutionsInReach, useMyInstitutions } from '../common';
import { useDateTime } from '../operator/format';
import { inLanguage, MESSAGE_STATE_TYPES, type MessageSummary } from './format';
import { messages } from './messages';

const ROLES = ['school-admin', 'operator'] as const;

/**
 * The messages written so far, newest first (`GET /v1/messages`): an operator sees every one, or
 * one institution's; a school admin their institution's (chosen among theirs when they have
 * several). Each opens its page (texts, preview, send, report).
 */
export function MessagesPage() {
  const { t, locale } = useDeskI18n(messages);
  const { profile } = useApp();
  const when = useDateTime();
  const mine = useMyInstitutions([...ROLES]);
  const reach = useInstitutionsInReach();
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<string>();
  // A school admin of several institutions picks one (the API wants it); of one, the API takes theirs.
  const several = !mine.everywhere && mine.codes.length > 1;
  const institutionCode = several ? (picked ?? mine.codes[0]) : picked;

  const load = useCallback(
    (api: Api, cursor: string | undefined) =>
      call(
        api.GET('/v1/messages', {
          params: { query: { limit: 25, ...(institutionCode && { institutionCode }), ...(cursor && { cursor }) } },
        }),
      ),
    [institutionCode],
  );

  return (
    <DeskPage title={t('messaging.title')} description={t('messaging.description')}>
      {several && (
        <FormField label={t('messaging.institution')}>
          <Select
            selectedOption={{ value: institutionCode ?? '', label: institutionCode ?? '' }}
            options={mine.codes.map((c) => ({ value: c, label: c }))}
            onChange={({ detail }) => setPicked(detail.selectedOption.value)}
          />
        </FormField>
      )}
      {mine.everywhere && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setPicked(typed.trim().toUpperCase() || undefined);
          }}
        >
          <SpaceBetween size="s" direction="horizontal" alignItems="end">
            <InstitutionField
              label={t('messaging.institution')}
              description={t('messaging.institutionHint')}
              value={typed}
              onChange={setTyped}
              institutions={reach}
            />
            <Button formAction="submit">{t('messaging.show')}</Button>
          </SpaceBetween>
        </form>
      )}
      <CursorTable<MessageSummary>
        header={t('messaging.listTitle')}
        description={institutionCode ?? (mine.everywhere ? t('messaging.everyInstitution') : undefined)}
        actions={
          <Link to="/messages/new" variant="primary">
            {t('messaging.write')}
          </Link>
        }
        load={load}
        deps={[load]}
        trackBy="messageId"
        empty={t('messaging.empty')}
        columns={[
          {
            id: 'subject',
            header: t('messaging.subject'),
            cell: (m) => <Link to={`/messages/${m.messageId}`}>{inLanguage(m.subject, locale, profile.defaultLocale)}</Link>,
          },
          {
            id: 'state',
            header: t('messaging.state'),
            cell: (m) => <StatusIndicator type={MESSAGE_STATE_TYPES[m.state]}>{t(`messaging.states.${m.state}`)}</StatusIndicator>,
            sortingField: 'state',
          },
          {
            id: 'recipients',
            header: t('messaging.recipients'),
            cell: (m) => m.recipients.toLocaleString(locale),
            sortingField: 'recipients',
          },
          {
            id: 'when',
            header: t('messaging.when'),
            cell: (m) => when(m.sentAt ?? m.sendAt),
            sortingComparator: (a, b) => (a.sentAt ?? a.sendAt ?? '').localeCompare(b.sentAt ?? b.sendAt ?? ''),
          },
          {
            id: 'delivery',
            header: t('messaging.delivery'),
            cell: (m) =>
              m.state === 'sent' || m.state === 'sending'
                ? t('messaging.deliveryCell', { sent: m.report.sent, queued: m.report.queued, bounced: m.report.bounced })
                : '—',
          },
        ]}
      />
    </DeskPage>
  );
}
