import { lotIdParams } from '../../../shared/api/lot-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { cancelLot } from '../../../shared/lots/lot-use-cases';
import { deps, lotView, scopes } from './lot-deps';

export const handler = actorRoute({ routeId: 'cancelLot', scopes, params: lotIdParams }, async ({ params }) => ({
  status: 200,
  body: lotView(await cancelLot(params.lotId, deps)),
}));
