import { changeIdParams } from '../../../shared/api/institution-mailbox-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { approveResponsibleChange } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { changeDeps, scopes } from './mailbox-deps';

const deps = changeDeps({ approve: true });

export const handler = actorRoute(
  { routeId: 'approveResponsibleChange', scopes, params: changeIdParams },
  async ({ params, actor, requestId }) => ({ status: 200, body: await approveResponsibleChange(params.changeId, actor, deps, requestId) }),
);
