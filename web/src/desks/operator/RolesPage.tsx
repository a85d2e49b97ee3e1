import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { operations } from '../../api/schema';
import type { Role } from '../../app/menu';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, call, DeskPage, ProblemAlert, useAction, useDeskI18n, useQuery } from '../common';
import { listOf, useDateTime } from './format';
import { messages } from './messages';

type Assignment = operations['listRoleAssignments']['responses'][200]['content']['application/json']['items'][number];

/** Every role, in the order the grant form offers them (the API's list: shared/auth/role-names.ts). */
const ROLES = [
  'school-admin',
  'officer',
  'approver',
  'moderator',
  'support',
  'operator',
  'auditor',
  'staff',
] as const satisfies readonly Role[];
/** Held deployment-wide, granted with no institution nor reach (the API's DEPLOYMENT_ROLES, shared/auth/role-names.ts). */
const DEPLOYMENT_WIDE: readonly Role[] = ['operator', 'auditor'];

/**
 * Role grants by login (operators): the login's account (`GET /v1/users/{login}` gives its
 * `sub`), the roles it holds (`GET /v1/role-assignments?sub=`), revoke one, grant one in an
 * institution (or, for support, a reach). The API checks and audits each change and signs the
 * user out everywhere.
 */
export function RolesPage() {
  const { t } = useDeskI18n(messages);
  const when = useDateTime();
  const [typed, setTyped] = useState('');
  const [login, setLogin] = useState('');
  const [done, setDone] = useState<string>();
  const account = useQuery(
    (api) => (login ? call(api.GET('/v1/users/{login}', { params: { path: { login } } })) : Promise.resolve(undefined)),
    [login],
  );
  const sub = account.data?.sub;
  const held = useQuery(
    (api) => (sub ? call(api.GET('/v1/role-assignments', { params: { query: { sub } } })) : Promise.resolve(undefined)),
    [sub],
  );
  const action = useAction();
  const [role, setRole] = useState<Role>('school-admin');
  const [institution, setInstitution] = useState('');
  const [scope, setScope] = useState<'all' | 'regions'>('all');
  const [regions, setRegions] = useState('');

  const change = async (work: Parameters<typeof action.run>[0], message: string) => {
    setDone(undefined);
    if (await action.run(work)) {
      setDone(message);
      held.reload();
    }
  };

  const grant = () => {
    if (!sub) return;
    const body = DEPLOYMENT_WIDE.includes(role)
      ? { role }
      : role === 'support'
        ? { role, supportScope: scope === 'all' ? ('all' as const) : { regions: listOf(regions) } }
        : { role, institutionCode: institution.trim().toUpperCase() };
    void change((api) => call(api.PUT('/v1/role-assignments/{sub}', { params: { path: { sub } }, body })), t('roles.granted'));
  };

  const where = (a: Assignment) =>
    a.institutionCode ??
    (a.supportScope && a.supportScope !== 'all'
      ? t('roles.regions', { regions: a.supportScope.regions.join(', ') })
      : t('roles.everywhere'));

  return (
    <DeskPage title={t('roles.title')} description={t('roles.description')}>
      <ActionForm
        onSubmit={() => {
          setDone(undefined);
          action.clear();
          setLogin(typed.trim().toLowerCase());
          if (typed.trim().toLowerCase() === login) account.reload();
        }}
        submitLabel={t('roles.find')}
        busy={account.loading && Boolean(login)}
      >
        <FormField label={t('roles.login')} stretch>
          <Input type="email" value={typed} onChange={({ detail }) => setTyped(detail.value)} autoComplete={false} />
        </FormField>
      </ActionForm>
      <ProblemAlert error={login ? account.error : undefined} />
      <Notice message={done} />
      <ProblemAlert error={action.error} />
      {account.data && !account.error && (
        <SpaceBetween size="l">
          <Container header={<Header variant="h2">{t('roles.account')}</Header>}>
            <KeyValuePairs
              columns={2}
              items={[
                { label: t('roles.login'), value: account.data.login },
                {
                  label: t('roles.status'),
                  value: (
                    <StatusIndicator type={account.data.enabled ? 'success' : 'stopped'}>
                      {account.data.enabled ? t('roles.enabled') : t('roles.disabled')}
                    </StatusIndicator>
                  ),
                },
              ]}
            />
          </Container>
          <ProblemAlert error={held.error} onRetry={held.reload} />
          <Table<Assignment>
            header={<Header variant="h2">{t('roles.held')}</Header>}
            variant="container"
            items={held.data?.items ?? []}
            loading={held.loading && !held.data}
            loadingText={t('desk.loading')}
            empty={t('roles.none')}
            wrapLines
            columnDefinitions={[
              { id: 'role', header: t('roles.role'), cell: (a) => t(`roles.names.${a.role}`) },
              { id: 'where', header: t('roles.where'), cell: where },
              { id: 'grantedAt', header: t('roles.grantedAt'), cell: (a) => when(a.grantedAt) },
              {
                id: 'revoke',
                header: t('desk.actions'),
                cell: (a) => (
                  <Button
                    variant="inline-link"
                    ariaLabel={`${t('roles.revoke')}: ${t(`roles.names.${a.role}`)} ${where(a)}`}
                    disabled={action.busy}
                    onClick={() =>
                      void change(
                        (api) =>
                          call(
                            api.DELETE('/v1/role-assignments/{sub}/{role}', {
                              params: {
                                path: { sub: a.sub, role: a.role },
                                query: a.institutionCode ? { institutionCode: a.institutionCode } : {},
                              },
                            }),
                          ),
                        t('roles.revoked'),
                      )
                    }
                  >
                    {t('roles.revoke')}
                  </Button>
                ),
              },
            ]}
          />
          <Container header={<Header variant="h2">{t('roles.grantTitle')}</Header>}>
            <ActionForm onSubmit={grant} submitLabel={t('roles.grant')} busy={action.busy}>
              <FormField label={t('roles.role')}>
                <RadioGroup
                  value={role}
                  onChange={({ detail }) => setRole(detail.value as Role)}
                  items={ROLES.map((r) => ({ value: r, label: t(`roles.names.${r}`) }))}
                />
              </FormField>
              {role === 'support' ? (
                <>
                  <FormField label={t('roles.scope')}>
                    <RadioGroup
                      value={scope}
                      onChange={({ detail }) => setScope(detail.value as 'all' | 'regions')}
                      items={[
                        { value: 'all', label: t('roles.scopeAll') },
                        { value: 'regions', label: t('roles.scopeRegions') },
                      ]}
                    />
                  </FormField>
                  {scope === 'regions' && (
                    <FormField label={t('roles.regionsField')} constraintText={t('roles.regionsHint')} stretch>
                      <Input value={regions} onChange={({ detail }) => setRegions(detail.value)} />
                    </FormField>
                  )}
                </>
              ) : (
                !DEPLOYMENT_WIDE.includes(role) && (
                  <FormField label={t('roles.institutionCode')} stretch>
                    <Input value={institution} onChange={({ detail }) => setInstitution(detail.value)} autoComplete={false} />
                  </FormField>
                )
              )}
            </ActionForm>
          </Container>
        </SpaceBetween>
      )}
    </DeskPage>
  );
}
