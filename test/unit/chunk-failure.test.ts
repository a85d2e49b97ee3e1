import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { QUEUES } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { CHUNK_DEAD_LETTERED, chunkDeadLettered, chunkRecovered, resumeImport } from '../../shared/imports/chunk-failure';
import { EMPTY_COUNTS, type ImportJob, type ImportState, isStalled, JOB_DEFAULTS, STALLED_AFTER_MS } from '../../shared/imports/import-job';
import type { ImportStore } from '../../shared/imports/import-store';
import type { ChunkMessage } from '../../shared/imports/process-import-chunk';

const clock = fixedClock('2027-01-10T10:00:00Z');
const operator = { sub: 'op-1', roles: ['operator'], scope: { institution: null, region: null } } as never;

function jobWorld(state: ImportState, processed = 5_000) {
  const job: ImportJob = {
    ...JOB_DEFAULTS,
    jobId: '6f1c1d1e-0000-4000-8000-000000000001',
    state,
    format: 'csv',
    institutionCode: 'SCH1234',
    objectKey: 'k',
    createdBy: 'admin',
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    counts: { ...EMPTY_COUNTS, rows: 20_000, processed },
    failure: null,
  };
  const jobs = {
    get: async () => ({ ...job }),
    async transition(_id: string, from: ImportState[], to: ImportState, set: Partial<ImportJob> = {}) {
      if (!from.includes(job.state)) return false;
      Object.assign(job, set, { state: to });
      return true;
    },
  } as unknown as ImportStore;
  const enqueued: ChunkMessage[] = [];
  const audit: AuditEntry[] = [];
  const deps = {
    jobs,
    enqueueChunk: async (m: ChunkMessage) => void enqueued.push(m),
    audit: { record: async (e: AuditEntry) => void audit.push(e) },
    clock,
    requestId: 'req-1',
  };
  return { job, jobs, enqueued, audit, deps };
}

describe('an import chunk that dead-letters', () => {
  it('shows on its job as a failure while the job stays running, and clears when the chunk runs again', async () => {
    const w = jobWorld('running');
    await chunkDeadLettered(w.jobs, { jobId: w.job.jobId, offset: 5_000 }, clock);
    expect(w.job).toMatchObject({ state: 'running', failure: { code: CHUNK_DEAD_LETTERED, message: expect.stringContaining('5001') } });
    await chunkRecovered(w.jobs, w.job.jobId);
    expect(w.job.failure).toBeNull();
  });

  it('leaves a finished job and another failure alone', async () => {
    const done = jobWorld('completed');
    await chunkDeadLettered(done.jobs, { jobId: done.job.jobId, offset: 0 }, clock);
    expect(done.job.failure).toBeNull();
    const refused = jobWorld('failed');
    refused.job.failure = { code: 'file_unreadable', message: 'x' };
    await chunkRecovered(refused.jobs, refused.job.jobId);
    expect(refused.job.failure).toEqual({ code: 'file_unreadable', message: 'x' });
  });
});

describe('resumeImport', () => {
  it('puts the chunk after the last counted one back on the queue, audited', async () => {
    const w = jobWorld('running', 10_000);
    expect(await resumeImport(w.job.jobId, operator, w.deps)).toEqual({ jobId: w.job.jobId, state: 'running', resumedFromRow: 10_001 });
    expect(w.enqueued).toEqual([{ jobId: w.job.jobId, offset: 10_000 }]);
    // The resumed chunk gets a fresh window: the job is no longer stopped until it fails to move again.
    expect(w.job.progressedAt).toBe(clock.now().toISOString());
    expect(isStalled(w.job, clock.now())).toBe(false);
    expect(w.audit).toEqual([
      expect.objectContaining({
        actor: 'op-1',
        action: 'import.resumed',
        target: w.job.jobId,
        institution: 'SCH1234',
        details: { fromRow: 10_001, failure: 'none' },
      }),
    ]);
  });

  it('a queued import starts from its first row', async () => {
    const w = jobWorld('queued', 0);
    expect((await resumeImport(w.job.jobId, operator, w.deps)).resumedFromRow).toBe(1);
  });

  it('refuses a finished, failed or unstarted import (409) and an unknown one (404)', async () => {
    for (const state of ['completed', 'failed', 'awaiting-upload'] as const) {
      const w = jobWorld(state);
      await expect(resumeImport(w.job.jobId, operator, w.deps)).rejects.toMatchObject({ status: 409, code: 'import_not_resumable' });
      expect(w.enqueued).toEqual([]);
    }
    const w = jobWorld('running');
    w.jobs.get = async () => null;
    await expect(resumeImport('x', operator, w.deps)).rejects.toMatchObject({ status: 404, code: 'import_not_found' });
  });
});

describe('isStalled', () => {
  const now = clock.now();
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const job = (state: ImportState, times: Partial<Pick<ImportJob, 'progressedAt' | 'startedAt' | 'createdAt'>>) => ({
    state,
    createdAt: ago(10 * STALLED_AFTER_MS),
    startedAt: null,
    ...times,
  });

  it('waits the import queue’s visibility timeout plus its consumer timeout (a crashed chunk’s redelivery and its run)', () => {
    expect(STALLED_AFTER_MS).toBe((QUEUES.import.visibilityTimeoutSeconds + QUEUES.import.timeoutSeconds) * 1000);
  });

  it('a queued or running job that has not moved for longer than that is stalled; at the threshold it is not yet', () => {
    for (const state of ['queued', 'running'] as const) {
      expect(isStalled(job(state, { progressedAt: ago(STALLED_AFTER_MS + 1) }), now)).toBe(true);
      expect(isStalled(job(state, { progressedAt: ago(STALLED_AFTER_MS) }), now)).toBe(false);
      expect(isStalled(job(state, { progressedAt: ago(60_000) }), now)).toBe(false);
    }
  });

  it('a finished, failed or unstarted job never is, however old', () => {
    for (const state of ['completed', 'failed', 'awaiting-upload'] as const) {
      expect(isStalled(job(state, { progressedAt: ago(10 * STALLED_AFTER_MS) }), now)).toBe(false);
    }
  });

  it('a job stored before `progressedAt` counts from `startedAt`, then `createdAt`', () => {
    expect(isStalled(job('running', { startedAt: ago(STALLED_AFTER_MS + 1) }), now)).toBe(true);
    expect(isStalled(job('running', { startedAt: ago(60_000) }), now)).toBe(false);
    expect(isStalled(job('queued', { createdAt: ago(STALLED_AFTER_MS + 1) }), now)).toBe(true);
    expect(isStalled(job('queued', { createdAt: ago(60_000) }), now)).toBe(false);
  });
});
