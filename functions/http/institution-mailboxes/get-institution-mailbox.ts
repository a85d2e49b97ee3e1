import { mailboxIdParams } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { getInstitutionMailbox } from '../../../shared/institution-mailboxes/institution-mailbox-use-cases';
import { readDeps, scopes } from './mailbox-deps';

const deps = readDeps();

export const handler = actorRoute({ routeId: 'getInstitutionMailbox', scopes, params: mailboxIdParams }, async ({ params, actor }) => ({
  status: 200,
  body: await getInstitutionMailbox(params.mailboxId, actor, deps),
}));
