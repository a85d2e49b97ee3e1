import { randomUUID } from 'node:crypto';
import { type Actor, actingInstitution, assertInstitution, mayActEverywhere, PolicyRefusal } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors';
import type { InstitutionRegistry } from '../institutions/institution';
import type { ImportEncoding } from './decode-file';
import { EMPTY_COUNTS, IMPORT_LIMITS, type ImportFormat, type ImportJob, type ImportMapping } from './import-job';
import type { ImportStore } from './import-store';
import type { ChunkMessage } from './process-import-chunk';

/** The upload's content type: a CSV says the charset it was declared in (none when it is to be detected). */
function contentType(format: ImportFormat, encoding: ImportEncoding): string {
  if (format === 'json') return 'application/json';
  return encoding === 'auto' ? 'text/csv' : `text/csv; charset=${encoding}`;
}

export interface UploadStorage {
  presignPut(key: string, contentType: string, seconds: number): Promise<string>;
  /** Size in bytes of an uploaded object, or null when nothing was uploaded. */
  sizeOf(key: string): Promise<number | null>;
}

export interface CreateImportInput {
  format: ImportFormat;
  institutionCode?: string | undefined;
  encoding?: ImportEncoding | undefined;
  mapping?: ImportMapping | undefined;
  validateOnly?: boolean | undefined;
}

/**
 * Opens an import. A school admin's import is bound to an institution they administer (from the
 * server-side role store, never from the file: the one they hold, or the one they name among
 * several) and never moves a member from another institution; an operator may name a registered
 * institution or import for all, and moves members (audited).
 */
export async function createImport(
  input: CreateImportInput,
  actor: Actor,
  deps: { jobs: ImportStore; uploads: UploadStorage; clock: Clock; institutions: InstitutionRegistry },
) {
  const operator = mayActEverywhere(actor);
  const institutionCode = operator
    ? (input.institutionCode ?? null)
    : actingInstitution(actor, input.institutionCode, 'body.institutionCode');
  // Only a caller who reaches every institution imports for all (the route's check already
  // refused a school admin with no institution).
  if (institutionCode === null && !operator) throw new PolicyRefusal('no_scope');
  if (operator && institutionCode !== null && !(await deps.institutions.known([institutionCode])).has(institutionCode)) {
    throw new ValidationError([
      { field: 'body.institutionCode', code: 'institution_unknown', message: 'No institution with this code is registered' },
    ]);
  }
  const encoding = input.encoding ?? 'auto';
  const now = deps.clock.now();
  const jobId = randomUUID();
  const job: ImportJob = {
    jobId,
    state: 'awaiting-upload',
    format: input.format,
    encoding,
    decodedAs: null,
    mapping: input.mapping ?? null,
    validateOnly: input.validateOnly ?? false,
    movesMembers: operator,
    institutionCode,
    objectKey: `imports/${jobId}.${input.format}`,
    createdBy: actor.sub,
    createdAt: now.toISOString(),
    startedAt: null,
    finishedAt: null,
    counts: EMPTY_COUNTS,
    failure: null,
    reading: null,
  };
  await deps.jobs.create(job);
  const type = contentType(input.format, encoding);
  const url = await deps.uploads.presignPut(job.objectKey, type, IMPORT_LIMITS.uploadUrlSeconds);
  return {
    jobId,
    state: job.state,
    institutionCode,
    encoding,
    validateOnly: job.validateOnly,
    upload: {
      method: 'PUT' as const,
      url,
      headers: { 'content-type': type },
      expiresAt: new Date(now.getTime() + IMPORT_LIMITS.uploadUrlSeconds * 1000).toISOString(),
    },
    limits: { maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows },
  };
}

/** The job, if this actor may see it: its institution's admins, or operators. */
export async function jobFor(actor: Actor, jobId: string, jobs: ImportStore): Promise<ImportJob> {
  const job = await jobs.get(jobId);
  if (!job) throw new NotFoundError('The import', 'import_not_found');
  if (job.institutionCode === null) {
    if (!mayActEverywhere(actor)) throw new PolicyRefusal('institution_out_of_scope');
  } else {
    assertInstitution(actor, job.institutionCode);
  }
  return job;
}

/** Starts processing an uploaded file; refuses a missing upload, a second start, or a file over the limit. */
export async function startImport(
  jobId: string,
  actor: Actor,
  deps: { jobs: ImportStore; uploads: UploadStorage; enqueueChunk(m: ChunkMessage): Promise<void>; clock: Clock },
) {
  const job = await jobFor(actor, jobId, deps.jobs);
  if (job.state !== 'awaiting-upload') throw new ConflictError('This import has already been started', 'import_already_started');
  const size = await deps.uploads.sizeOf(job.objectKey);
  if (size === null) throw new ConflictError('Nothing has been uploaded for this import yet', 'upload_missing');
  if (size > IMPORT_LIMITS.maxBytes) {
    await deps.jobs.transition(jobId, ['awaiting-upload'], 'failed', {
      failure: { code: 'file_too_large', message: `The file is ${size} bytes; the limit is ${IMPORT_LIMITS.maxBytes}` },
      finishedAt: deps.clock.now().toISOString(),
    });
    throw new PayloadTooLargeError(`The file is larger than ${IMPORT_LIMITS.maxBytes} bytes: split it`, 'file_too_large');
  }
  if (!(await deps.jobs.transition(jobId, ['awaiting-upload'], 'queued', { progressedAt: deps.clock.now().toISOString() }))) {
    throw new ConflictError('This import has already been started', 'import_already_started');
  }
  await deps.enqueueChunk({ jobId, offset: 0 });
  return { jobId, state: 'queued' as const };
}
