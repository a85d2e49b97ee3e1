import { institutionCodeParams, putInstitutionBody } from '../../../shared/api/institution-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { putInstitution } from '../../../shared/institutions/institution-use-cases';
import { scopes, writeDeps } from './institution-deps';

const deps = writeDeps();

export const handler = actorRoute(
  { routeId: 'putInstitution', scopes, params: institutionCodeParams, body: putInstitutionBody },
  async ({ params, body, actor, requestId }) => putInstitution(params.institutionCode, body, actor, deps, requestId),
);
