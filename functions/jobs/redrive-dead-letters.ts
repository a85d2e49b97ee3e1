import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { deadLetterQueueEnv, QUEUES, SCHEDULES } from '../../shared/catalog';
import { dynamo } from '../../shared/clients/dynamodb';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { type QueuePair, sqsDeadLetterQueues } from '../../shared/delivery/dead-letter-queues';
import { dynamoDeadLetterLedger } from '../../shared/delivery/dead-letter-store';
import { redriveDeadLetters } from '../../shared/delivery/dead-letters';
import { logger } from '../../shared/logger';
import { checkHealth } from '../../shared/system/health';
import { dynamoHeartbeatStore } from '../../shared/system/heartbeat-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
const queueIds = SCHEDULES.find((s) => s.id === 'redrive-dead-letters')?.redrives ?? [];
// Each redriven queue's URL and its dead-letter queue's, as the catalog binding sets them.
const urls = readEnv(
  Object.fromEntries(
    queueIds.flatMap((id) => [
      [QUEUES[id].env, setting()],
      [deadLetterQueueEnv(id), setting()],
    ]),
  ),
);
const queues = sqsDeadLetterQueues(
  sqs,
  Object.fromEntries(queueIds.map((id) => [id, { url: urls[QUEUES[id].env], dlqUrl: urls[deadLetterQueueEnv(id)] } as QueuePair])),
);
const ledger = dynamoDeadLetterLedger(dynamo, env.DIRECTORY_TABLE);
const audit = dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays);
const heartbeats = dynamoHeartbeatStore(dynamo, env.DIRECTORY_TABLE);

/** "Now" is the event's `time` (the scheduled instant, or `npm run job -- redrive-dead-letters --at …`). */
export const handler = async (event: Pick<ScheduledEvent, 'time' | 'id'>) => {
  const clock = fixedClock(event.time);
  const result = await redriveDeadLetters({
    queues,
    ledger,
    // The same check as GET /health: the directory table answers.
    healthy: () =>
      checkHealth({ heartbeats, clock, profileId: profile.id }).then(
        () => true,
        () => false,
      ),
    audit,
    clock,
    requestId: event.id ?? `redrive-${event.time}`,
    queueIds,
  });
  if (!result.healthy) logger.warn('redrive waits: the service is not healthy yet');
  else if (result.queues.some((q) => q.outcome !== 'empty')) logger.info('redrive', result);
  return result;
};
