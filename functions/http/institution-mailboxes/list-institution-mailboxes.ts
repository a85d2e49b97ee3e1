import { listInstitutionMailboxesParams, listInstitutionMailboxesQuery } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listInstitutionMailboxes } from '../../../shared/institution-mailboxes/institution-mailbox-use-cases';
import { readDeps, scopes } from './mailbox-deps';

const deps = readDeps();

export const handler = actorRoute(
  { routeId: 'listInstitutionMailboxes', scopes, params: listInstitutionMailboxesParams, query: listInstitutionMailboxesQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await listInstitutionMailboxes(params.institutionCode, query, actor, deps) }),
);
