import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useEffect, useState } from 'react';
import { useApp } from '../../app/context';
import { useMe } from '../../app/me';
import { Link } from '../../app/router';
import { Notice } from '../../components/ErrorAlert';
import {
  ActionForm,
  CursorTable,
  call,
  DeskPage,
  InstitutionField,
  useAction,
  useDeskI18n,
  useInstitutionsInReach,
  useMyInstitutions,
} from '../common';
import { messages } from './messages';
import { type Mailbox, MemberPicker, type MemberSummary, ResponsibleChanges, useMailboxWords } from './parts';

/**
 * An institution's own mailboxes (`GET /v1/institutions/{code}/institution-mailboxes`, paged on
 * the server's cursor): state, responsible person (phone masked), next deadline, each opening its
 * page; officers and operators register one (`POST /v1/institution-mailboxes`: its first password
 * goes by SMS to the responsible person and never reaches this page); the changes of responsible
 * person awaiting a decision. The institution: the user's own (a choice when several), typed or
 * picked for an operator.
 */
export function MailboxesPage() {
  const { t } = useDeskI18n(messages);
  const { me } = useMe();
  const mine = useMyInstitutions(['officer', 'approver', 'school-admin', 'operator']);
  // Someone without these roles who opens the page by URL: their own institution, and the API's answer.
  const fallback = [...new Set((me?.assignments ?? []).flatMap((a) => (a.institutionCode ? [a.institutionCode] : [])))];
  const codes = mine.codes.length > 0 ? mine.codes : fallback;
  const [picked, setPicked] = useState<string>();
  const [typed, setTyped] = useState('');
  // An operator's typed code is read once they pause (not a listing per keystroke).
  const settled = useSettled(typed.trim().toUpperCase());
  const code = mine.everywhere ? settled || undefined : picked && codes.includes(picked) ? picked : codes[0];
  const roles = me?.roles ?? [];
  const files = roles.includes('officer') || roles.includes('operator');
  const decides = files || roles.includes('approver');
  const [reloadKey, setReloadKey] = useState(0);
  const words = useMailboxWords();

  return (
    <DeskPage title={t('mailboxes.title')} description={t('mailboxes.description')}>
      {!me && mine.loading && <Box>{t('desk.loading')}</Box>}
      {mine.everywhere ? (
        <OperatorInstitution value={typed} onChange={setTyped} />
      ) : (
        codes.length > 1 && (
          <FormField label={t('desk.institution')}>
            <RadioGroup
              value={code ?? null}
              onChange={({ detail }) => setPicked(detail.value)}
              items={codes.map((c) => ({ value: c, label: c }))}
            />
          </FormField>
        )
      )}
      {me && !code && <Box>{mine.everywhere ? t('mailboxes.pickInstitution') : t('mailboxes.noInstitution')}</Box>}
      {code && (
        <CursorTable<Mailbox>
          header={t('mailboxes.listTitle', { code })}
          empty={t('mailboxes.empty')}
          load={(api, cursor) =>
            call(
              api.GET('/v1/institutions/{institutionCode}/institution-mailboxes', {
                params: { path: { institutionCode: code }, query: { limit: 50, ...(cursor && { cursor }) } },
              }),
            )
          }
          deps={[code]}
          reloadKey={reloadKey}
          trackBy="mailboxId"
          filtering
          columns={[
            {
              id: 'address',
              header: t('mailboxes.address'),
              cell: (m) => <Link to={`/mailboxes/${m.mailboxId}`}>{m.address}</Link>,
              sortingField: 'address',
            },
            { id: 'name', header: t('mailboxes.name'), cell: (m) => m.name, sortingField: 'name' },
            { id: 'state', header: t('mailboxes.state'), cell: (m) => words.state(m.state) },
            { id: 'responsible', header: t('mailboxes.responsible'), cell: (m) => words.responsible(m.responsible) },
            { id: 'deadline', header: t('mailboxes.deadline'), cell: (m) => words.deadline(m.nextDeadline) },
          ]}
        />
      )}
      {code && files && <Register institutionCode={code} onRegistered={() => setReloadKey((k) => k + 1)} />}
      {code && decides && <ResponsibleChanges institutionCode={code} onDecided={() => setReloadKey((k) => k + 1)} />}
    </DeskPage>
  );
}

function useSettled(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), 400);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

function OperatorInstitution(props: { value: string; onChange(value: string): void }) {
  const { t } = useDeskI18n(messages);
  const institutions = useInstitutionsInReach();
  return <InstitutionField label={t('desk.institution')} value={props.value} onChange={props.onChange} institutions={institutions} />;
}

/**
 * Registering a mailbox: its address on the deployment's mail domain, what it is, and the
 * responsible person among the institution's staff. The API names each wrong field (an address off
 * the domain or taken, a person of another institution or without a mobile phone).
 */
function Register({ institutionCode, onRegistered }: { institutionCode: string; onRegistered(): void }) {
  const { t } = useDeskI18n(messages);
  const { profile } = useApp();
  const register = useAction();
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [responsible, setResponsible] = useState<MemberSummary>();
  const [done, setDone] = useState<string>();

  const submit = () => {
    setDone(undefined);
    void register.run(async (api) => {
      const body = {
        address: address.trim(),
        institutionCode,
        name: name.trim(),
        // Nobody chosen: the API says the field is missing, by name.
        responsibleMemberId: responsible?.memberId ?? '',
      };
      const made = await call(api.POST('/v1/institution-mailboxes', { body }));
      const who = responsible ? `${responsible.givenName} ${responsible.familyName}` : made.responsible.memberId;
      setDone(t(made.smsDelivered ? 'mailboxes.registered' : 'mailboxes.registeredNoSms', { address: made.address, name: who }));
      setAddress('');
      setName('');
      setResponsible(undefined);
      onRegistered();
    });
  };

  return (
    <Container
      header={
        <Header variant="h2" description={t('mailboxes.registerIntro')}>
          {t('mailboxes.registerTitle')}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Notice message={done} />
        {/* The person first: their search is a form of its own, and forms do not nest. */}
        <SpaceBetween size="xs">
          <Box variant="h3">{t('mailboxes.responsibleLabel')}</Box>
          <Box color="text-body-secondary">{t('mailboxes.responsibleHint')}</Box>
          <MemberPicker institutionCode={institutionCode} chosen={responsible} onChoose={setResponsible} />
        </SpaceBetween>
        <ActionForm onSubmit={submit} submitLabel={t('mailboxes.register')} busy={register.busy} error={register.error}>
          <FormField
            label={t('mailboxes.addressLabel')}
            constraintText={t('mailboxes.addressHint', { example: `${institutionCode.toLowerCase()}@${profile.mailDomain}` })}
            stretch
          >
            <Input value={address} onChange={({ detail }) => setAddress(detail.value)} autoComplete={false} inputMode="email" />
          </FormField>
          <FormField label={t('mailboxes.nameLabel')} constraintText={t('mailboxes.nameHint')} stretch>
            <Input value={name} onChange={({ detail }) => setName(detail.value)} autoComplete={false} />
          </FormField>
        </ActionForm>
      </SpaceBetween>
    </Container>
  );
}
