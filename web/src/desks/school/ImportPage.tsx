import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Api, ApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { useApp } from '../../app/context';
import { useMe } from '../../app/me';
import { Link, useParams, useRouter } from '../../app/router';
import { CursorTable, call, DeskPage, ProblemAlert, useDeskI18n, useDownload, useQuery } from '../common';
import { messages } from './messages';

/** The job as the page reads it (its `mapping` is the page's own state). */
type Job = Omit<components['schemas']['ImportJob'], 'mapping'>;
type Mapping = components['schemas']['ImportMapping'];
type Field = components['schemas']['ImportFormat']['columns'][number]['field'];
type Category = components['schemas']['ImportFormat']['categories'][number]['id'];
type Problem = components['schemas']['ImportProblems']['items'][number];
type Encoding = components['schemas']['ImportFormat']['encodings'][number];

const IGNORE = '-';
const POLL_MS = 700;

const finished = (job: Job) => job.state === 'completed' || job.state === 'failed';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the person chose on the mapping step; only what they chose is sent, the rest keeps the built-in names. */
interface Choices {
  columns: Record<string, Field | null>;
  category: Record<string, Category>;
  locale: Record<string, string>;
}
const NO_CHOICES: Choices = { columns: {}, category: {}, locale: {} };

function mappingOf(choices: Choices): Mapping | undefined {
  const mapping: Mapping = {};
  if (Object.keys(choices.columns).length > 0) mapping.columns = choices.columns;
  const values: NonNullable<Mapping['values']> = {};
  if (Object.keys(choices.category).length > 0) values.category = choices.category;
  if (Object.keys(choices.locale).length > 0) values.locale = choices.locale;
  if (Object.keys(values).length > 0) mapping.values = values;
  return Object.keys(mapping).length > 0 ? mapping : undefined;
}

/**
 * Opens an import for the institution (`POST /v1/imports`), uploads the file straight to S3 with
 * the presigned URL, starts it and reads the job until it ends, handing each reading to `onJob`
 * (the progress bar). The same path for the dry run (`validateOnly`) and the import.
 */
async function runImport(
  api: Api,
  input: { file: File; institutionCode: string; validateOnly: boolean; mapping: Mapping | undefined; encoding: Encoding },
  onJob: (job: Job) => void,
  onStarted: (jobId: string) => void = () => undefined,
): Promise<Job> {
  const format = input.file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv';
  const created = await call(
    api.POST('/v1/imports', {
      body: {
        format,
        institutionCode: input.institutionCode,
        encoding: input.encoding,
        validateOnly: input.validateOnly,
        ...(input.mapping && { mapping: input.mapping }),
      },
    }),
  );
  let put: Response;
  try {
    put = await fetch(created.upload.url, { method: created.upload.method, headers: created.upload.headers, body: input.file });
  } catch {
    throw new ApiError(0, null);
  }
  if (!put.ok) throw new ApiError(put.status, null);
  await call(api.POST('/v1/imports/{jobId}/start', { params: { path: { jobId: created.jobId } } }));
  onStarted(created.jobId);
  return followJob(api, created.jobId, onJob);
}

/** Reads the job until it ends, telling `onJob` each time; `gone()` stops it (the page closed). */
async function followJob(api: Api, jobId: string, onJob: (job: Job) => void, gone: () => boolean = () => false): Promise<Job> {
  const path = { params: { path: { jobId } } };
  for (;;) {
    const job = await call(api.GET('/v1/imports/{jobId}', path));
    if (gone()) return job;
    onJob(job);
    if (finished(job)) return job;
    await wait(POLL_MS);
  }
}

/**
 * A school admin's staff file, as the issue asks: a dry run first (nothing written), a mapping
 * step for the headers and labels the server did not know (from the job's `reading`), the
 * import with a live progress bar, and the rejected rows as a sortable, filterable table and CSV.
 */
export function ImportPage() {
  const { t, tMaybe, locale } = useDeskI18n(messages);
  const { api, profile } = useApp();
  const { me } = useMe();
  const code = useParams().institutionCode ?? '';
  const format = useQuery((a) => call(a.GET('/v1/imports/format')), []);
  const [files, setFiles] = useState<File[]>([]);
  const [choices, setChoices] = useState<Choices>(NO_CHOICES);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [check, setCheck] = useState<{ job: Job; mapping: string }>();
  const [run, setRun] = useState<Job>();
  const [busy, setBusy] = useState<'check' | 'run'>();
  const [error, setError] = useState<unknown>();
  const [resumed, setResumed] = useState<number>();
  // The running import's id is kept in the page's address (`?job=`): a reload, or the link shared
  // with a colleague, opens the same import again — its progress, its rejected rows, its resume.
  const { query, navigate } = useRouter();
  const jobInUrl = query.get('job');
  /** The import this page started (followed by `start`, not again by the effect below). */
  const ownJob = useRef<string | undefined>(undefined);
  const file = files[0];
  const mapping = useMemo(() => mappingOf(choices), [choices]);
  // What a check was made with: another mapping or encoding needs a new check before the import.
  const mappingKey = JSON.stringify({ mapping: mapping ?? {}, encoding });

  // Whether the import stopped moving is the server's word (`stalled`, from when it last moved).
  const watch = useCallback((j: Job) => setRun(j), []);

  // Opened with `?job=`: that import, followed until it ends (a job of another institution is the API's 403).
  // Not keyed on the job read: its first reading would end the following it started.
  useEffect(() => {
    if (!jobInUrl || ownJob.current === jobInUrl) return;
    let closed = false;
    followJob(api, jobInUrl, watch, () => closed).catch((e: unknown) => !closed && setError(e));
    return () => {
      closed = true;
    };
  }, [api, jobInUrl, watch]);

  const start = useCallback(
    async (validateOnly: boolean) => {
      if (!file) return;
      setBusy(validateOnly ? 'check' : 'run');
      setError(undefined);
      setResumed(undefined);
      if (!validateOnly) setRun(undefined);
      try {
        const job = await runImport(
          api,
          { file, institutionCode: code, validateOnly, mapping, encoding },
          (j) => {
            if (!validateOnly) watch(j);
          },
          (jobId) => {
            if (validateOnly) return;
            ownJob.current = jobId;
            navigate(`/school/${encodeURIComponent(code)}/import?job=${encodeURIComponent(jobId)}`, { replace: true });
          },
        );
        if (validateOnly) setCheck({ job, mapping: mappingKey });
      } catch (e) {
        setError(e);
      } finally {
        setBusy(undefined);
      }
    },
    [api, code, encoding, file, mapping, mappingKey, navigate, watch],
  );

  const resume = async () => {
    if (!run) return;
    setError(undefined);
    try {
      const answer = await call(api.POST('/v1/imports/{jobId}/resume', { params: { path: { jobId: run.jobId } } }));
      setResumed(answer.resumedFromRow);
      // The server restarted the job's clock: the next reading says so; until then, not stopped either.
      setRun((r) => r && { ...r, stalled: false });
    } catch (e) {
      setError(e);
    }
  };

  const words = { idKind: t(`nationalId.${profile.nationalIdKind}`), domain: profile.mailDomain };
  const problemText = (p: Problem) =>
    (messages[locale].import.codes as Record<string, string>)[p.code] ?? tMaybe(`fieldErrors.${p.code}`, words) ?? p.message;
  // The fields and categories are the server's (`GET /v1/imports/format`), in its order.
  const fields = (format.data?.columns ?? []).map((c) => c.field);
  const categories = (format.data?.categories ?? []).map((c) => c.id);
  const fieldText = (field: string) =>
    field === 'file'
      ? t('import.fileProblem')
      : field === 'row'
        ? t('import.rowProblem')
        : fields.includes(field as Field)
          ? t(`import.fields.${field as Field}`)
          : field;
  const fieldOptions: SelectProps.Option[] = [
    ...fields.map((f) => ({ value: f, label: t(`import.fields.${f}`) })),
    { value: IGNORE, label: t('import.ignore') },
  ];
  const categoryOptions: SelectProps.Option[] = categories.map((c) => ({ value: c, label: t(`import.categories.${c}`) }));
  const localeOptions: SelectProps.Option[] = (format.data?.locales ?? []).map((l) => ({
    value: l.tag,
    label: t(`import.languages.${l.tag}`),
  }));
  // The deployment's encodings (`GET /v1/imports/format`); `auto` falls back to the profile's code page.
  const encodingOptions: SelectProps.Option[] = (format.data?.encodings ?? ['auto']).map((e) => ({
    value: e,
    label: t(`import.encodings.${e}`, { legacy: format.data?.legacyEncoding ?? '' }),
  }));
  const checked = check?.job;
  const checkIsCurrent = checked !== undefined && check?.mapping === mappingKey;
  const canImport = checkIsCurrent && checked?.state === 'completed' && !busy && !run;
  const operator = me?.roles.includes('operator') ?? false;

  // Refused (no import role): the API's reason, and nothing else applies.
  if (format.error instanceof ApiError && format.error.status === 403) {
    return (
      <DeskPage title={t('import.title', { code })} description={t('import.intro')}>
        <ProblemAlert error={format.error} />
      </DeskPage>
    );
  }

  return (
    <DeskPage title={t('import.title', { code })} description={t('import.intro')}>
      <Link to={`/school/${encodeURIComponent(code)}`}>{t('school.back', { code })}</Link>
      <ProblemAlert error={format.error} onRetry={format.reload} />
      <Container header={<Header variant="h2">{t('import.file')}</Header>}>
        <SpaceBetween size="m">
          <FormField label={t('import.file')} description={t('import.fileHint')}>
            <FileUpload
              value={files}
              onChange={(e) => {
                setFiles(e.detail.value);
                setCheck(undefined);
                setRun(undefined);
                setChoices(NO_CHOICES);
              }}
              accept=".csv,.txt,.tsv,.json,text/csv,text/plain,text/tab-separated-values,application/json"
              showFileSize
              i18nStrings={{
                uploadButtonText: () => t('import.choose'),
                removeFileAriaLabel: () => t('desk.cancel'),
                errorIconAriaLabel: t('desk.errorTitle'),
              }}
            />
          </FormField>
          <FormField label={t('import.encoding')} description={t('import.encodingHint')}>
            <Select
              selectedOption={encodingOptions.find((o) => o.value === encoding) ?? null}
              options={encodingOptions}
              onChange={(e) => setEncoding(e.detail.selectedOption.value as Encoding)}
              disabled={Boolean(run)}
            />
          </FormField>
          <SpaceBetween size="xs" direction="horizontal">
            <Button
              onClick={() => void start(true)}
              disabled={!file || Boolean(run)}
              loading={busy === 'check'}
              loadingText={t('import.checking')}
            >
              {checked && !checkIsCurrent ? t('import.checkAgain') : t('import.check')}
            </Button>
            <Button variant="primary" onClick={() => void start(false)} disabled={!canImport} loading={busy === 'run'}>
              {t('import.run')}
            </Button>
          </SpaceBetween>
          <ProblemAlert error={error} />
        </SpaceBetween>
      </Container>

      {checked && !run && (
        <CheckResult job={checked} problemText={problemText} fieldText={fieldText}>
          {checked.reading && (
            <SpaceBetween size="m">
              <Table
                variant="embedded"
                header={
                  <Header variant="h3" description={t('import.mappingIntro')}>
                    {t('import.mapping')}
                  </Header>
                }
                items={checked.reading.columns}
                trackBy="header"
                columnDefinitions={[
                  { id: 'header', header: t('import.header'), cell: (c) => c.header, isRowHeader: true },
                  {
                    id: 'field',
                    header: t('import.field'),
                    cell: (c) => {
                      const chosen = c.header in choices.columns ? choices.columns[c.header] : c.field;
                      const selected = fieldOptions.find((o) => o.value === (chosen ?? IGNORE)) ?? null;
                      return (
                        <SpaceBetween size="xxs">
                          <Select
                            selectedOption={selected}
                            options={fieldOptions}
                            ariaLabel={`${t('import.field')}: ${c.header}`}
                            onChange={(e) => {
                              const value = e.detail.selectedOption.value;
                              setChoices((ch) => ({
                                ...ch,
                                columns: { ...ch.columns, [c.header]: value === IGNORE ? null : (value as Field) },
                              }));
                            }}
                          />
                          {c.field === null && !(c.header in choices.columns) && <Box variant="small">{t('import.notRecognised')}</Box>}
                        </SpaceBetween>
                      );
                    },
                  },
                ]}
              />
              {(checked.reading.unknownLabels.category.length > 0 || checked.reading.unknownLabels.locale.length > 0) && (
                <SpaceBetween size="s">
                  <Header variant="h3" description={t('import.labelsIntro')}>
                    {t('import.labels')}
                  </Header>
                  <ColumnLayout columns={2}>
                    {checked.reading.unknownLabels.category.map((label) => (
                      <FormField key={`c:${label}`} label={t('import.categoryLabel', { label })}>
                        <Select
                          placeholder={t('import.chooseValue')}
                          selectedOption={categoryOptions.find((o) => o.value === choices.category[label]) ?? null}
                          options={categoryOptions}
                          onChange={(e) =>
                            setChoices((ch) => ({
                              ...ch,
                              category: { ...ch.category, [label]: e.detail.selectedOption.value as Category },
                            }))
                          }
                        />
                      </FormField>
                    ))}
                    {checked.reading.unknownLabels.locale.map((label) => (
                      <FormField key={`l:${label}`} label={t('import.localeLabel', { label })}>
                        <Select
                          placeholder={t('import.chooseValue')}
                          selectedOption={localeOptions.find((o) => o.value === choices.locale[label]) ?? null}
                          options={localeOptions}
                          onChange={(e) =>
                            setChoices((ch) => ({ ...ch, locale: { ...ch.locale, [label]: e.detail.selectedOption.value as string } }))
                          }
                        />
                      </FormField>
                    ))}
                  </ColumnLayout>
                </SpaceBetween>
              )}
            </SpaceBetween>
          )}
        </CheckResult>
      )}

      {run && (
        <Container header={<Header variant="h2">{t('import.progress')}</Header>}>
          <SpaceBetween size="m">
            <ProgressBar
              label={t('import.progress')}
              value={run.counts.rows > 0 ? Math.round((run.counts.processed / run.counts.rows) * 100) : 0}
              description={t('import.progressText', { processed: run.counts.processed, count: run.counts.rows })}
              status={run.state === 'completed' ? 'success' : run.state === 'failed' ? 'error' : 'in-progress'}
              resultText={
                run.state === 'completed'
                  ? t('import.done')
                  : t('import.failed', {
                      reason: problemText({ row: 0, field: 'file', code: run.failure?.code ?? '', message: run.failure?.message ?? '' }),
                    })
              }
              additionalInfo={<Counts job={run} />}
            />
            {run.stalled && !finished(run) && (
              <Alert type="warning" action={operator ? <Button onClick={() => void resume()}>{t('import.resume')}</Button> : undefined}>
                {t('import.stalled')}
              </Alert>
            )}
            {resumed !== undefined && <Alert type="info">{t('import.resumed', { row: resumed })}</Alert>}
            {finished(run) && (
              <Box>
                <Button
                  onClick={() => {
                    setFiles([]);
                    setCheck(undefined);
                    setRun(undefined);
                    setResumed(undefined);
                    setChoices(NO_CHOICES);
                    navigate(`/school/${encodeURIComponent(code)}/import`, { replace: true });
                  }}
                >
                  {t('import.another')}
                </Button>
              </Box>
            )}
          </SpaceBetween>
        </Container>
      )}
      {run && finished(run) && <Problems jobId={run.jobId} problemText={problemText} fieldText={fieldText} />}
    </DeskPage>
  );
}

/** The counts of a job in words: rows, created, updated, unchanged, rejected. */
function Counts({ job, dryRun = false }: { job: Job; dryRun?: boolean }) {
  const { t, locale } = useDeskI18n(messages);
  const n = (v: number) => v.toLocaleString(locale);
  const items: Array<[string, number]> = [
    [t('import.rows'), job.counts.rows],
    [dryRun ? t('import.wouldCreate') : t('import.created'), job.counts.created],
    [dryRun ? t('import.wouldUpdate') : t('import.updated'), job.counts.updated],
    [t('import.unchanged'), job.counts.unchanged],
    [t('import.rejected'), job.counts.rejected],
  ];
  return (
    <ColumnLayout columns={5} variant="text-grid" minColumnWidth={130}>
      {items.map(([label, value]) => (
        <div key={label}>
          <Box variant="awsui-key-label">{label}</Box>
          <div data-count={label}>{n(value)}</div>
        </div>
      ))}
    </ColumnLayout>
  );
}

/** The dry run's answer: its counts (or why the file was refused), then the mapping step and its problems. */
function CheckResult({
  job,
  problemText,
  fieldText,
  children,
}: {
  job: Job;
  problemText(p: Problem): string;
  fieldText(field: string): string;
  children: React.ReactNode;
}) {
  const { t } = useDeskI18n(messages);
  return (
    <>
      <Container header={<Header variant="h2">{t('import.checked')}</Header>}>
        <SpaceBetween size="m">
          {job.state === 'failed' ? (
            <Alert type="error" header={t('import.refused')}>
              {problemText({ row: 0, field: 'file', code: job.failure?.code ?? '', message: job.failure?.message ?? '' })}
            </Alert>
          ) : (
            <Counts job={job} dryRun />
          )}
          {job.decodedAs && (
            <Box variant="small">
              {t('import.decodedAs')}: {job.decodedAs}
            </Box>
          )}
          {children}
        </SpaceBetween>
      </Container>
      <Problems jobId={job.jobId} problemText={problemText} fieldText={fieldText} />
    </>
  );
}

/** The rejected rows of a job: the server's pages (`/problems`), sortable and filterable, and the CSV (`/problems.csv`). */
function Problems({ jobId, problemText, fieldText }: { jobId: string; problemText(p: Problem): string; fieldText(field: string): string }) {
  const { t } = useDeskI18n(messages);
  const csv = useDownload();
  const load = useCallback(
    (api: Api, cursor: string | undefined) =>
      call(api.GET('/v1/imports/{jobId}/problems', { params: { path: { jobId }, query: { limit: 100, ...(cursor && { cursor }) } } })),
    [jobId],
  );
  return (
    <SpaceBetween size="s">
      <ProblemAlert error={csv.error} />
      <CursorTable<Problem>
        header={t('import.problems')}
        load={load}
        deps={[jobId]}
        filtering
        empty={t('import.problemsEmpty')}
        trackBy={(p) => `${p.row}:${p.field}:${p.code}`}
        actions={
          <SpaceBetween size="xs" direction="horizontal">
            <Button
              iconName="download"
              loading={csv.busy}
              onClick={() => void csv.download(`/v1/imports/${jobId}/problems.csv`, `problems-${jobId}.csv`)}
            >
              {t('desk.download')}
            </Button>
          </SpaceBetween>
        }
        columns={[
          { id: 'row', header: t('import.row'), cell: (p) => p.row, sortingField: 'row', isRowHeader: true },
          {
            id: 'field',
            header: t('import.column'),
            cell: (p) => fieldText(p.field),
            sortingComparator: (a, b) => fieldText(a.field).localeCompare(fieldText(b.field)),
          },
          {
            id: 'problem',
            header: t('import.problem'),
            cell: (p) => problemText(p),
            sortingComparator: (a, b) => problemText(a).localeCompare(problemText(b)),
          },
        ]}
      />
    </SpaceBetween>
  );
}
