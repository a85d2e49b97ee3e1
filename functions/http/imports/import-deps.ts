import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { type ImportJob, isStalled } from '../../../shared/imports/import-job';
import { dynamoImportStore } from '../../../shared/imports/import-store';

// What every import route needs, built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const jobs = dynamoImportStore(dynamo, env.DIRECTORY_TABLE);
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

/**
 * The job as the API shows it at `now` (the storage key of the upload stays internal): whether it
 * stopped moving is decided here, by the server's clock, not by the console counting its polls.
 */
export function jobView(job: ImportJob, now: Date) {
  const { objectKey: _key, createdBy: _by, ...view } = job;
  return { ...view, progressedAt: job.progressedAt ?? null, stalled: isStalled(job, now) };
}
