import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { s3 } from '../../shared/clients/s3';
import { sqs } from '../../shared/clients/sqs';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { readSecret } from '../../shared/config/secrets';
import { announceChannelChange, type Channel } from '../../shared/credentials/channel-change';
import { withConsumerRetries } from '../../shared/delivery/consumer-retries';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { parseBody } from '../../shared/delivery/outage';
import type { EmailMessage } from '../../shared/email/email-message';
import { chunkDeadLettered, chunkRecovered } from '../../shared/imports/chunk-failure';
import { dynamoImportStore } from '../../shared/imports/import-store';
import { lastPreparedFile } from '../../shared/imports/prepare-import';
import { type ChunkMessage, processImportChunk } from '../../shared/imports/process-import-chunk';
import { dynamoInstitutionStore } from '../../shared/institutions/institution-store';
import { logger } from '../../shared/logger';
import type { Member } from '../../shared/members/member';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { countedSmsSender } from '../../shared/sms/counted-sms-sender';

const env = readEnv({
  DIRECTORY_TABLE: setting(),
  AUDIT_TABLE: setting(),
  IMPORTS_BUCKET: setting(),
  IMPORT_QUEUE_URL: setting(),
  EMAIL_QUEUE_URL: setting(),
});
const hashNationalId = nationalIdHasher(await readSecret('nationalIdKey'));
const processor = new BatchProcessor(EventType.SQS);
const messageSchema = z.object({ jobId: z.uuid(), offset: z.number().int().min(0) });

/** A changed phone or alternate email is told to the old ones (SMS, and email through the email queue). */
const announceDeps = {
  sms: countedSmsSender(env.DIRECTORY_TABLE),
  enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
  profile,
};

const deps = {
  jobs: dynamoImportStore(dynamo, env.DIRECTORY_TABLE),
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  institutions: dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  enqueueChunk: jsonQueueSender<ChunkMessage>(sqs, env.IMPORT_QUEUE_URL),
  async readFile(key: string) {
    const object = await s3.send(new GetObjectCommand({ Bucket: env.IMPORTS_BUCKET, Key: key }));
    // Bytes, not text: the import detects the encoding itself and refuses what does not decode.
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  },
  hashNationalId,
  profile,
  clock: systemClock,
  prepared: lastPreparedFile(),
  announceChannelChange: (before: Member, changed: readonly Channel[], at: Date, key: string) =>
    announceChannelChange(before, changed, at, key, announceDeps),
};

async function recordHandler(record: SQSRecord) {
  const message = parseBody(record, messageSchema);
  await processImportChunk(message, { ...deps, requestId: record.messageId });
  // A chunk back from the dead-letter queue (redrive or resume) clears the failure it showed.
  await chunkRecovered(deps.jobs, message.jobId);
  logger.info('import chunk processed', message);
}

const withRetries = withConsumerRetries('import', recordHandler, {
  sqs,
  queueUrl: env.IMPORT_QUEUE_URL,
  ledger: dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE),
  clock: systemClock,
  // The job shows why it stopped moving; the redrive (or an operator's resume) picks it up again.
  onDeadLetter: (record) => chunkDeadLettered(deps.jobs, parseBody(record, messageSchema), systemClock),
});

export const handler = async (event: SQSEvent, context: Context) => processPartialResponse(event, withRetries, processor, { context });
