import { lotIdParams } from '../../../shared/api/lot-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { getLot } from '../../../shared/lots/lot-use-cases';
import { readProgress } from '../../../shared/progress/progress-counters';
import { deps, lotView, scopes } from './lot-deps';

const env = readEnv({ DIRECTORY_TABLE: setting() });

/** The lot and its counters: a lot still `launching` shows how many members are on their way. */
export const handler = actorRoute({ routeId: 'getLot', scopes, params: lotIdParams }, async ({ params }) => {
  const lot = await getLot(params.lotId, deps.lots);
  return { status: 200, body: { ...lotView(lot), progress: await readProgress(dynamo, env.DIRECTORY_TABLE, { lotId: lot.lotId }) } };
});
