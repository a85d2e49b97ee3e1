import { changeIdParams, rejectResponsibleChangeBody } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { rejectResponsibleChange } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { changeDeps, scopes } from './mailbox-deps';

const deps = changeDeps({ approve: false });

export const handler = actorRoute(
  { routeId: 'rejectResponsibleChange', scopes, params: changeIdParams, body: rejectResponsibleChangeBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await rejectResponsibleChange(params.changeId, body.reason, actor, deps, requestId),
  }),
);
