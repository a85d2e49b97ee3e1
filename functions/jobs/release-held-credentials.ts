import type { ScheduledEvent } from 'aws-lambda';
import { dynamo } from '../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../shared/clients/queue-sender';
import { sqs } from '../../shared/clients/sqs';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { dynamoHeldCredentialStore } from '../../shared/credentials/held-credential-store';
import { releaseHeldCredentials } from '../../shared/credentials/held-credentials';
import { logger } from '../../shared/logger';
import type { ProvisionMessage } from '../../shared/lots/launch-lots';
import { dynamoMemberStore } from '../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), PROVISION_QUEUE_URL: setting() });
const held = dynamoHeldCredentialStore(dynamo, env.DIRECTORY_TABLE);
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);

/** "Now" is the event's `time` (the scheduled instant, or `npm run job -- release-held-credentials --at …`). */
export const handler = async (event: Pick<ScheduledEvent, 'time'>) => {
  const clock = fixedClock(event.time);
  // Each message carries the run's instant: the accounts and notices it releases are stamped with it.
  const enqueue = jsonQueueSender<ProvisionMessage>(sqs, env.PROVISION_QUEUE_URL, clock);
  const summary = await releaseHeldCredentials({ held, members, enqueue, profile, clock });
  if (summary.released + summary.stillHeld + summary.gone > 0) logger.info('held credentials', summary);
  return summary;
};
