import { dynamo } from '../../shared/clients/dynamodb';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { httpRoute } from '../../shared/http/route';
import { checkHealth } from '../../shared/system/health';
import { dynamoHeartbeatStore } from '../../shared/system/heartbeat-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const heartbeats = dynamoHeartbeatStore(dynamo, env.DIRECTORY_TABLE);

export const handler = httpRoute({ auth: 'public' }, async () => ({
  status: 200,
  body: await checkHealth({ heartbeats, clock: systemClock, profileId: profile.id }),
}));
