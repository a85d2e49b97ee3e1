import { jobIdParams } from '../../../shared/api/import-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { resumeImport } from '../../../shared/imports/chunk-failure';
import type { ChunkMessage } from '../../../shared/imports/process-import-chunk';
import { jobs, scopes } from './import-deps';

const env = readEnv({ AUDIT_TABLE: setting(), IMPORT_QUEUE_URL: setting() });
const enqueueChunk = jsonQueueSender<ChunkMessage>(sqs, env.IMPORT_QUEUE_URL);
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);

export const handler = actorRoute({ routeId: 'resumeImport', scopes, params: jobIdParams }, async ({ params, actor, requestId }) => ({
  status: 202,
  body: await resumeImport(params.jobId, actor, { jobs, enqueueChunk, audit, clock: systemClock, requestId }),
}));
