import { institutionParams } from '../../../shared/api/lot-schemas';
import { phoneUpdatesQuery } from '../../../shared/api/phone-update-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listPhoneUpdates } from '../../../shared/phone-updates/phone-update-use-cases';
import { phoneUpdates, scopes } from './phone-update-deps';

export const handler = actorRoute(
  { routeId: 'listPhoneUpdates', scopes, params: institutionParams, query: phoneUpdatesQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await listPhoneUpdates(params.institutionCode, query, actor, phoneUpdates) }),
);
