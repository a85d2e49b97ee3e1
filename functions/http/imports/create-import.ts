import { createImportBody } from '../../../shared/api/import-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { s3 } from '../../../shared/clients/s3';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { createImport } from '../../../shared/imports/import-use-cases';
import { s3UploadStorage } from '../../../shared/imports/s3-upload-storage';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { jobs, scopes } from './import-deps';

const env = readEnv({ IMPORTS_BUCKET: setting(), DIRECTORY_TABLE: setting() });
const uploads = s3UploadStorage(s3, env.IMPORTS_BUCKET);
const institutions = dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE);

export const handler = actorRoute({ routeId: 'createImport', scopes, body: createImportBody }, async ({ body, actor }) => ({
  status: 201,
  body: await createImport(body, actor, { jobs, uploads, institutions, clock: systemClock }),
}));
