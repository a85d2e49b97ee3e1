import { lotIdParams, rescheduleLotBody } from '../../../shared/api/lot-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { rescheduleLot } from '../../../shared/lots/lot-use-cases';
import { deps, lotView, scopes } from './lot-deps';

export const handler = actorRoute(
  { routeId: 'rescheduleLot', scopes, params: lotIdParams, body: rescheduleLotBody },
  async ({ params, body }) => ({
    status: 200,
    body: lotView(await rescheduleLot(params.lotId, body.launchAt, deps)),
  }),
);
