import { listLotsQuery } from '../../../shared/api/lot-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { deps, lotView, scopes } from './lot-deps';

export const handler = actorRoute({ routeId: 'listLots', scopes, query: listLotsQuery }, async ({ query }) => {
  const page = await deps.lots.list(query.limit, query.cursor);
  return { status: 200, body: { items: page.items.map(lotView), nextCursor: page.nextCursor } };
});
