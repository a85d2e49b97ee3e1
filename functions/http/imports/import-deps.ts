import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { dynamoImportStore } from '../../../shared/imports/import-store';

// What every import route needs, built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const jobs = dynamoImportStore(dynamo, env.DIRECTORY_TABLE);
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

/** The job as the API shows it (the storage key of the upload stays internal). */
export function jobView(job: import('../../../shared/imports/import-job').ImportJob) {
  const { objectKey: _key, createdBy: _by, ...view } = job;
  return view;
}
