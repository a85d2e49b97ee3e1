import { createLotBody } from '../../../shared/api/lot-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { createLot } from '../../../shared/lots/lot-use-cases';
import { deps, lotView, scopes } from './lot-deps';

export const handler = actorRoute({ routeId: 'createLot', scopes, body: createLotBody }, async ({ body, actor }) => ({
  status: 201,
  body: lotView(await createLot(body, actor, deps)),
}));
