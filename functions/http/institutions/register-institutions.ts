import { actorRoute } from '../../../shared/http/actor-route';
import { registerInstitutionsFromUpload } from '../../../shared/institutions/institution-csv';
import { scopes, writeDeps } from './institution-deps';

const deps = writeDeps();

export const handler = actorRoute({ routeId: 'registerInstitutions', scopes }, async ({ rawBody, contentType, actor, requestId }) => ({
  status: 200,
  body: await registerInstitutionsFromUpload({ bytes: rawBody, contentType }, actor, deps, requestId),
}));
