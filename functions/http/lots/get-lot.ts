import { lotIdParams } from '../../../shared/api/lot-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { getLot } from '../../../shared/lots/lot-use-cases';
import { deps, lotView, scopes } from './lot-deps';

export const handler = actorRoute({ routeId: 'getLot', scopes, params: lotIdParams }, async ({ params }) => ({
  status: 200,
  body: lotView(await getLot(params.lotId, deps.lots)),
}));
