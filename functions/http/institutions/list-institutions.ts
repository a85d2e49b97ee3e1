import { listInstitutionsQuery } from '../../../shared/api/institution-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listInstitutions } from '../../../shared/institutions/institution-use-cases';
import { institutions, scopes } from './institution-deps';

export const handler = actorRoute({ routeId: 'listInstitutions', scopes, query: listInstitutionsQuery }, async ({ query, actor }) => ({
  status: 200,
  body: await listInstitutions(actor, query, { institutions }),
}));
