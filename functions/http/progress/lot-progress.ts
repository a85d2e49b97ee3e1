import { lotIdParams } from '../../../shared/api/lot-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoLotStore } from '../../../shared/lots/lot-store';
import { getLot } from '../../../shared/lots/lot-use-cases';
import { readProgress } from '../../../shared/progress/progress-counters';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const lots = dynamoLotStore(dynamo, env.DIRECTORY_TABLE);

export const handler = actorRoute({ routeId: 'getLotProgress', scopes, params: lotIdParams }, async ({ params }) => {
  await getLot(params.lotId, lots);
  return { status: 200, body: await readProgress(dynamo, env.DIRECTORY_TABLE, { lotId: params.lotId }) };
});
