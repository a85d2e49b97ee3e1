import { registerInstitutionMailboxBody } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { registerInstitutionMailbox } from '../../../shared/institution-mailboxes/institution-mailbox-use-cases';
import { registerDeps, scopes } from './mailbox-deps';

const deps = registerDeps();

export const handler = actorRoute(
  { routeId: 'registerInstitutionMailbox', scopes, body: registerInstitutionMailboxBody },
  async ({ body, actor, requestId }) => ({ status: 201, body: await registerInstitutionMailbox(body, actor, deps, requestId) }),
);
