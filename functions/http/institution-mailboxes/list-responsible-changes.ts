import { listInstitutionMailboxesParams, listResponsibleChangesQuery } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listResponsibleChanges } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { changeDeps, scopes } from './mailbox-deps';

const deps = changeDeps({ approve: false });

export const handler = actorRoute(
  { routeId: 'listResponsibleChanges', scopes, params: listInstitutionMailboxesParams, query: listResponsibleChangesQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await listResponsibleChanges(params.institutionCode, query, actor, deps) }),
);
