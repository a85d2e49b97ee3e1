import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { readEnv, setting } from '../../shared/config/env';
import { logger } from '../../shared/logger';
import { dynamoHeartbeatStore } from '../../shared/system/heartbeat-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const heartbeats = dynamoHeartbeatStore(dynamo, env.DIRECTORY_TABLE);

/**
 * Scheduled jobs take "now" from the event's `time`, never from the wall clock: EventBridge
 * sets it to the scheduled instant, and `npm run job -- <name> --at <date>` sets it by hand.
 */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const at = new Date(event.time);
  await heartbeats.record(at);
  logger.info('heartbeat recorded', { at: at.toISOString() });
};
