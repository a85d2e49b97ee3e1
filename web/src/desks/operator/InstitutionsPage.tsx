import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { Notice } from '../../components/ErrorAlert';
import { ActionForm, CursorTable, call, DeskPage, useAction, useDeskI18n } from '../common';
import { BulkInstitutions } from './BulkInstitutions';
import { useDateTime } from './format';
import { messages } from './messages';

type Institution = components['schemas']['Institution'];
const EMPTY = { code: '', name: '', city: '', region: '' };

/**
 * The institution registry (operators): every registered institution, paged on the server's
 * cursor, a form that registers one or replaces its name, city and region
 * (`PUT /v1/institutions/{code}`, idempotent and audited by the API), and many from a CSV file
 * (`BulkInstitutions`).
 */
export function InstitutionsPage() {
  const { t } = useDeskI18n(messages);
  const when = useDateTime();
  const save = useAction();
  const [form, setForm] = useState(EMPTY);
  const [done, setDone] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  const field = (name: keyof typeof EMPTY) => ({
    value: form[name],
    onChange: ({ detail }: { detail: { value: string } }) => setForm((f) => ({ ...f, [name]: detail.value })),
  });

  const submit = async () => {
    setDone(undefined);
    const code = form.code.trim().toUpperCase();
    let changed = true;
    const ok = await save.run(async (api) => {
      const answer = await call(
        api.PUT('/v1/institutions/{institutionCode}', {
          params: { path: { institutionCode: code } },
          body: { name: form.name, city: form.city.trim() || null, region: form.region.trim() || null },
        }),
      );
      changed = answer.changed;
    });
    if (!ok) return;
    setDone(t(changed ? 'institutions.registered' : 'institutions.unchanged', { code }));
    setForm(EMPTY);
    setReloadKey((k) => k + 1);
  };

  return (
    <DeskPage title={t('institutions.title')} description={t('institutions.description')}>
      <Container header={<Header variant="h2">{t('institutions.formTitle')}</Header>}>
        <ActionForm onSubmit={() => void submit()} submitLabel={t('institutions.save')} busy={save.busy} error={save.error}>
          <Notice message={done} />
          <FormField label={t('institutions.code')} stretch>
            <Input {...field('code')} autoComplete={false} />
          </FormField>
          <FormField label={t('institutions.name')} stretch>
            <Input {...field('name')} autoComplete={false} />
          </FormField>
          <FormField label={t('institutions.city')} stretch>
            <Input {...field('city')} autoComplete={false} />
          </FormField>
          <FormField label={t('institutions.region')} constraintText={t('institutions.regionHint')} stretch>
            <Input {...field('region')} autoComplete={false} />
          </FormField>
        </ActionForm>
      </Container>
      <BulkInstitutions onRegistered={() => setReloadKey((k) => k + 1)} />
      <CursorTable<Institution>
        header={t('institutions.listTitle')}
        load={(api, cursor) => call(api.GET('/v1/institutions', { params: { query: { limit: 50, ...(cursor && { cursor }) } } }))}
        deps={[]}
        reloadKey={reloadKey}
        trackBy="code"
        filtering
        columns={[
          { id: 'code', header: t('institutions.code'), cell: (i) => i.code, sortingField: 'code' },
          { id: 'name', header: t('institutions.name'), cell: (i) => i.name, sortingField: 'name' },
          { id: 'city', header: t('institutions.city'), cell: (i) => i.city ?? '—' },
          { id: 'region', header: t('institutions.region'), cell: (i) => i.region ?? '—', sortingField: 'region' },
          { id: 'registeredAt', header: t('institutions.registeredAt'), cell: (i) => when(i.registeredAt) },
          {
            id: 'edit',
            header: t('desk.actions'),
            cell: (i) => (
              <Button
                variant="inline-link"
                ariaLabel={`${t('institutions.edit')} ${i.code}`}
                onClick={() => {
                  setDone(undefined);
                  setForm({ code: i.code, name: i.name, city: i.city ?? '', region: i.region ?? '' });
                  window.scrollTo({ top: 0 });
                }}
              >
                {t('institutions.edit')}
              </Button>
            ),
          },
        ]}
      />
    </DeskPage>
  );
}
