import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError } from '../errors';
import type { ImportJob } from './import-job';
import type { ImportStore } from './import-store';
import type { ChunkMessage } from './process-import-chunk';

/** The `failure.code` of a job whose chunk went to the dead-letter queue; it clears when the chunk runs again. */
export const CHUNK_DEAD_LETTERED = 'chunk_dead_lettered';

const live = (job: ImportJob | null): job is ImportJob => job !== null && (job.state === 'queued' || job.state === 'running');

/**
 * A chunk used up its receives (an outage longer than the back-off rides out, or a failure that
 * kept recurring): the job stays `running` and says so in `failure`, instead of standing still
 * with `failure: null`. The scheduled redrive brings the chunk back once the service is healthy;
 * an operator can resume the import at once (`resumeImport`).
 */
export async function chunkDeadLettered(jobs: ImportStore, message: ChunkMessage, clock: Clock): Promise<void> {
  const job = await jobs.get(message.jobId);
  if (!live(job)) return;
  await jobs.transition(job.jobId, [job.state], job.state, {
    failure: {
      code: CHUNK_DEAD_LETTERED,
      message: `Rows from ${message.offset + 1} could not be written (${clock.now().toISOString()}); they are retried automatically once the service is healthy, or when an operator resumes the import`,
    },
  });
}

/** The chunk ran after all: the job's dead-letter failure is cleared (other failures stay). */
export async function chunkRecovered(jobs: ImportStore, jobId: string): Promise<void> {
  const job = await jobs.get(jobId);
  if (job?.failure?.code !== CHUNK_DEAD_LETTERED) return;
  await jobs.transition(jobId, [job.state], job.state, { failure: null });
}

export interface ResumeImportDeps {
  jobs: ImportStore;
  enqueueChunk(message: ChunkMessage): Promise<void>;
  audit: AuditLog;
  clock: Clock;
  requestId: string;
}

/**
 * An operator's "carry on" for an import that stopped moving: the chunk after the last counted one
 * goes back on the queue. Chunks are counted in order (each enqueues the next after it is counted),
 * so `counts.processed` is where the next one starts. Safe to repeat: every write of a chunk is
 * idempotent, so a chunk that was still on its way is processed twice to no effect. The job's
 * `progressedAt` restarts: it counts as stopped again only if the resumed chunk does not move either.
 */
export async function resumeImport(jobId: string, actor: Actor, deps: ResumeImportDeps) {
  const job = await deps.jobs.get(jobId);
  if (!job) throw new NotFoundError('The import', 'import_not_found');
  if (job.state !== 'queued' && job.state !== 'running') {
    throw new ConflictError(`Only a queued or running import can be resumed; this one is ${job.state}`, 'import_not_resumable');
  }
  const offset = job.counts.processed;
  // The chunk on its way again gets the same time to move as any other before the job counts as stopped.
  await deps.jobs.transition(jobId, [job.state], job.state, { progressedAt: deps.clock.now().toISOString() });
  await deps.enqueueChunk({ jobId, offset });
  await deps.audit.record({
    actor: actor.sub,
    role: actor.roles.join(','),
    action: 'import.resumed',
    target: jobId,
    institution: job.institutionCode ?? 'none',
    at: deps.clock.now(),
    requestId: deps.requestId,
    outcome: 'success',
    details: { fromRow: offset + 1, failure: job.failure?.code ?? 'none' },
  });
  return { jobId, state: job.state, resumedFromRow: offset + 1 };
}
