import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { ActionForm, call, ProblemAlert, useAction, useDeskI18n } from '../common';
import { messages } from './messages';
import { rowProblems } from './row-problems';

type Answer = components['schemas']['BulkInstitutionsAnswer'];
/** The bulk file's columns (`shared/institutions/institution-csv.ts`). */
const COLUMNS = ['code', 'name', 'city', 'region'] as const;

/**
 * Many institutions at once (operators): a CSV file picked and sent as it is, `text/csv`, to
 * `POST /v1/institutions/bulk` (the server decodes it, checks every row and registers all or
 * nothing). A refusal lists each row's problem in a table; a success says how many were registered.
 */
export function BulkInstitutions({ onRegistered }: { onRegistered(): void }) {
  const { t } = useDeskI18n(messages);
  const send = useAction();
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState<Answer>();
  const [missing, setMissing] = useState(false);
  const { alert, rows } = rowProblems(send.error);
  // The registry's columns by the names the form above uses; another as the API named it.
  const columnLabel = (column: string) =>
    (COLUMNS as readonly string[]).includes(column) ? t(`institutions.${column as (typeof COLUMNS)[number]}`) : column;

  const submit = async () => {
    setDone(undefined);
    const file = files[0];
    setMissing(!file);
    if (!file) return;
    let answer: Answer | undefined;
    const ok = await send.run(async (api) => {
      answer = await call(
        api.POST('/v1/institutions/bulk', {
          // The bytes as picked: the server reads the byte-order mark or the encoding, as for staff files.
          body: file as never,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'content-type': 'text/csv' },
        }),
      );
    });
    if (!ok || !answer) return;
    setDone(answer);
    setFiles([]);
    onRegistered();
  };

  return (
    <Container header={<Header variant="h2">{t('institutions.bulk.title')}</Header>}>
      <ActionForm onSubmit={() => void submit()} submitLabel={t('institutions.bulk.submit')} busy={send.busy}>
        <Box>{t('institutions.bulk.text')}</Box>
        <ProblemAlert error={alert} />
        <div aria-live="polite">
          {done && (
            <Alert type="success">
              {t('institutions.bulk.done', {
                count: done.rows,
                registered: done.registered,
                updated: done.updated,
                unchanged: done.unchanged,
              })}
            </Alert>
          )}
        </div>
        <FormField
          label={t('institutions.bulk.file')}
          errorText={missing && files.length === 0 ? t('institutions.bulk.noFile') : undefined}
        >
          <FileUpload
            value={files}
            onChange={(e) => {
              setFiles(e.detail.value);
              setDone(undefined);
              send.clear();
            }}
            accept=".csv,text/csv"
            showFileSize
            i18nStrings={{
              uploadButtonText: () => t('institutions.bulk.choose'),
              removeFileAriaLabel: () => t('desk.cancel'),
              errorIconAriaLabel: t('desk.errorTitle'),
            }}
          />
        </FormField>
        {rows.length > 0 && (
          <Table
            variant="embedded"
            header={
              <Header variant="h3" counter={`(${rows.length})`} description={t('institutions.bulk.problemsText')}>
                {t('institutions.bulk.problemsTitle')}
              </Header>
            }
            items={rows}
            columnDefinitions={[
              { id: 'row', header: t('institutions.bulk.row'), cell: (r) => r.row, isRowHeader: true },
              {
                id: 'column',
                header: t('institutions.bulk.column'),
                cell: (r) => (r.column ? columnLabel(r.column) : t('institutions.bulk.wholeRow')),
              },
              { id: 'problem', header: t('institutions.bulk.problem'), cell: (r) => r.problem.detail ?? r.problem.message },
            ]}
          />
        )}
      </ActionForm>
    </Container>
  );
}
