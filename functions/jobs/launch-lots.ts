import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { logger } from '../../shared/logger';
import { launchDueLots, type ProvisionMessage } from '../../shared/lots/launch-lots';
import { dynamoLotStore } from '../../shared/lots/lot-store';
import { releaseCancelledLots } from '../../shared/lots/release-cancelled-lots';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { readProgress } from '../../shared/progress/progress-counters';

const env = readEnv({ DIRECTORY_TABLE: setting(), PROVISION_QUEUE_URL: setting() });
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);

/**
 * "Now" is the event's `time`: the scheduled instant, or `npm run job -- launch-lots --at …`.
 * Each run launches due lots and gives the members of cancelled lots back to the pool, a wave each.
 */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const clock = fixedClock(event.time);
  // Each message carries the run's instant: the accounts and notices it leads to are stamped with it.
  const enqueue = jsonQueueSender<ProvisionMessage>(sqs, env.PROVISION_QUEUE_URL, clock);
  const launched = await launchDueLots({
    lots,
    members,
    clock,
    perSecond: profile.accountCreationPerSecond,
    enqueue,
    progress: (lotId) => readProgress(dynamo, env.DIRECTORY_TABLE, { lotId }),
  });
  if (launched.length > 0) logger.info('lots launched', { summary: launched });
  const released = await releaseCancelledLots({ lots, members, clock });
  if (released.length > 0) logger.info('cancelled lots released', { summary: released });
  return { launched, released };
};
