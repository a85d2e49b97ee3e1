import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { dynamoInstitutionStore } from '../../shared/institutions/institution-store';
import { logger } from '../../shared/logger';
import { snapshotProgress } from '../../shared/progress/progress-history';
import { dynamoProgressHistoryStore } from '../../shared/progress/progress-history-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const institutions = dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE);
const history = dynamoProgressHistoryStore(dynamo, env.DIRECTORY_TABLE);

/** "Now" (and so the day written) is the event's `time`: the scheduled instant, or `npm run job -- progress-snapshot --at …`. */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const result = await snapshotProgress({ institutions, history, clock: fixedClock(event.time) });
  logger.info('progress snapshot written', result);
  return result;
};
