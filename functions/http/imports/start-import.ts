import { jobIdParams } from '../../../shared/api/import-schemas';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { s3 } from '../../../shared/clients/s3';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { startImport } from '../../../shared/imports/import-use-cases';
import type { ChunkMessage } from '../../../shared/imports/process-import-chunk';
import { s3UploadStorage } from '../../../shared/imports/s3-upload-storage';
import { jobs, scopes } from './import-deps';

const env = readEnv({ IMPORTS_BUCKET: setting(), IMPORT_QUEUE_URL: setting() });
const uploads = s3UploadStorage(s3, env.IMPORTS_BUCKET);
const enqueueChunk = jsonQueueSender<ChunkMessage>(sqs, env.IMPORT_QUEUE_URL);

export const handler = actorRoute({ routeId: 'startImport', scopes, params: jobIdParams }, async ({ params, actor }) => ({
  status: 202,
  body: await startImport(params.jobId, actor, { jobs, uploads, enqueueChunk, clock: systemClock }),
}));
