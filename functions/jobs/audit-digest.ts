import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditPartitions } from '../../shared/audit/audit-partitions';
import { digestSignerFromEnv, digestStoreFromEnv } from '../../shared/audit/digest-adapters';
import { writeAuditDigest } from '../../shared/audit/write-digest';
import { dynamo } from '../../shared/clients/dynamodb';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { logger } from '../../shared/logger';

// Reads the trail, signs with the digest key (no audit writer holds it), writes once.
const env = readEnv({ AUDIT_TABLE: setting() });
const deps = {
  store: digestStoreFromEnv(),
  signer: digestSignerFromEnv(),
  partitions: dynamoAuditPartitions(dynamo, env.AUDIT_TABLE),
  profile: profile.id,
};

/** "Now" is the event's `time`: the scheduled instant, or `npm run job -- audit-digest --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const outcome = await writeAuditDigest(deps, new Date(event.time));
  if ('written' in outcome && outcome.shrunk.length) {
    // Records a digest signed are gone: tampering, or a bug. The verifiers name them; say it loudly here too.
    logger.error('audit partitions behind their signed digest', { partitions: outcome.shrunk });
  }
  logger.info('audit digest', outcome);
  return outcome;
};
