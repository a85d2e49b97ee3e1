import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { IMPORT_LIMITS, type ImportJob, type ImportState } from '../../shared/imports/import-job';
import type { ImportStore } from '../../shared/imports/import-store';
import { createImport, startImport, type UploadStorage } from '../../shared/imports/import-use-cases';
import { actorOf, held } from '../helpers/actors';

function memoryJobs(): ImportStore & { jobs: Map<string, ImportJob> } {
  const jobs = new Map<string, ImportJob>();
  return {
    jobs,
    create: async (job) => void jobs.set(job.jobId, structuredClone(job)),
    get: async (id) => structuredClone(jobs.get(id) ?? null),
    async transition(id, from, to, set = {}) {
      const job = jobs.get(id);
      if (!job || !from.includes(job.state)) return false;
      jobs.set(id, { ...job, ...set, state: to as ImportState });
      return true;
    },
    saveProblems: async () => undefined,
    listProblems: async () => ({ items: [], nextCursor: null }),
    countChunk: async () => true,
  };
}

const uploads = (size: number | null): UploadStorage => ({
  presignPut: async (key) => `https://upload.example/${key}`,
  sizeOf: async () => size,
});
// The import routes admit the same roles: one action serves every use case here.
const operator = actorOf('createImport', [held('operator')], { sub: 'op', login: 'op@x' });
const admin = actorOf('createImport', [held('school-admin', 'RMIC80000X')], { sub: 'ad', login: 'ad@x' });
const clock = fixedClock('2027-01-10T08:00:00Z');
const institutions = { known: async (codes: readonly string[]) => new Set(codes.filter((c) => c !== 'UNREG001')) };

describe('import use cases', () => {
  it('binds a school admin’s import to their institution from the server-side scope', async () => {
    const jobs = memoryJobs();
    const created = await createImport({ format: 'csv' }, admin, { jobs, uploads: uploads(null), clock, institutions });
    expect(created.institutionCode).toBe('RMIC80000X');
    expect(created.upload.expiresAt).toBe('2027-01-10T08:15:00.000Z');
    await expect(
      createImport({ format: 'csv', institutionCode: 'OTHER01' }, admin, { jobs, uploads: uploads(null), clock, institutions }),
    ).rejects.toMatchObject({
      status: 403,
      code: 'institution_out_of_scope',
    });
  });

  it('a school admin of two institutions names the one an import is for; never one they do not administer', async () => {
    const jobs = memoryJobs();
    const deps = { jobs, uploads: uploads(null), clock, institutions };
    const both = actorOf('createImport', [
      held('school-admin', 'RMIC80000X'),
      held('school-admin', 'RMIC80001X'),
      held('moderator', 'OTHER01'),
    ]);
    await expect(createImport({ format: 'csv' }, both, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'body.institutionCode', code: 'institution_required' }],
    });
    expect((await createImport({ format: 'csv', institutionCode: 'RMIC80001X' }, both, deps)).institutionCode).toBe('RMIC80001X');
    // Moderating OTHER01 is no right to import there.
    await expect(createImport({ format: 'csv', institutionCode: 'OTHER01' }, both, deps)).rejects.toMatchObject({ status: 403 });
  });

  it('records who may move members (operators only), the encoding, mapping and validateOnly, and signs the declared charset', async () => {
    const jobs = memoryJobs();
    const mapping = { columns: { Qualifica: 'category' as const }, values: { category: { Prof: 'teacher' as const } } };
    const byAdmin = await createImport({ format: 'csv', encoding: 'windows-1252', mapping, validateOnly: true }, admin, {
      jobs,
      uploads: uploads(null),
      clock,
      institutions,
    });
    expect(byAdmin.upload.headers).toEqual({ 'content-type': 'text/csv; charset=windows-1252' });
    expect(jobs.jobs.get(byAdmin.jobId)).toMatchObject({ movesMembers: false, encoding: 'windows-1252', mapping, validateOnly: true });
    const byOperator = await createImport({ format: 'csv' }, operator, { jobs, uploads: uploads(null), clock, institutions });
    expect(byOperator.upload.headers).toEqual({ 'content-type': 'text/csv' });
    expect(jobs.jobs.get(byOperator.jobId)).toMatchObject({ movesMembers: true, encoding: 'auto', mapping: null, validateOnly: false });
  });

  it('refuses an operator’s import limited to an unregistered institution', async () => {
    await expect(
      createImport({ format: 'csv', institutionCode: 'UNREG001' }, operator, {
        jobs: memoryJobs(),
        uploads: uploads(null),
        clock,
        institutions,
      }),
    ).rejects.toMatchObject({ status: 400, errors: [{ field: 'body.institutionCode', code: 'institution_unknown' }] });
  });

  it('answers 413 for a file over the limit and fails the job, so it cannot be started later', async () => {
    const jobs = memoryJobs();
    const { jobId } = await createImport({ format: 'csv' }, operator, { jobs, uploads: uploads(null), clock, institutions });
    const queued: unknown[] = [];
    const deps = { jobs, uploads: uploads(IMPORT_LIMITS.maxBytes + 1), enqueueChunk: async (m: unknown) => void queued.push(m), clock };
    await expect(startImport(jobId, operator, deps)).rejects.toMatchObject({ status: 413, code: 'file_too_large' });
    expect(jobs.jobs.get(jobId)).toMatchObject({ state: 'failed', failure: { code: 'file_too_large' } });
    expect(queued).toEqual([]);
  });

  it('accepts a file exactly at the limit and queues its first chunk once', async () => {
    const jobs = memoryJobs();
    const { jobId } = await createImport({ format: 'json' }, operator, { jobs, uploads: uploads(null), clock, institutions });
    const queued: unknown[] = [];
    const deps = { jobs, uploads: uploads(IMPORT_LIMITS.maxBytes), enqueueChunk: async (m: unknown) => void queued.push(m), clock };
    expect(await startImport(jobId, operator, deps)).toEqual({ jobId, state: 'queued' });
    expect(await jobs.get(jobId)).toMatchObject({ progressedAt: clock.now().toISOString() });
    await expect(startImport(jobId, operator, deps)).rejects.toMatchObject({ status: 409, code: 'import_already_started' });
    expect(queued).toEqual([{ jobId, offset: 0 }]);
  });

  it('keeps other institutions’ and deployment-wide imports away from a school admin', async () => {
    const jobs = memoryJobs();
    const { jobId } = await createImport({ format: 'csv' }, operator, { jobs, uploads: uploads(null), clock, institutions });
    const deps = { jobs, uploads: uploads(10), enqueueChunk: async () => undefined, clock };
    await expect(startImport(jobId, admin, deps)).rejects.toMatchObject({ status: 403 });
    await expect(startImport('missing', admin, deps)).rejects.toMatchObject({ status: 404, code: 'import_not_found' });
  });
});
