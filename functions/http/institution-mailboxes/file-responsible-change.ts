import { fileResponsibleChangeBody, mailboxIdParams } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { fileResponsibleChange } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { changeDeps, scopes } from './mailbox-deps';

const deps = changeDeps({ approve: false });

export const handler = actorRoute(
  { routeId: 'fileResponsibleChange', scopes, params: mailboxIdParams, body: fileResponsibleChangeBody },
  async ({ params, body, actor, requestId }) => ({
    status: 201,
    body: await fileResponsibleChange(params.mailboxId, body, actor, deps, requestId),
  }),
);
