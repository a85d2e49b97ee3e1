import { messageIdParams } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { approveMessage } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute({ routeId: 'approveMessage', scopes, params: messageIdParams }, async ({ params, actor, requestId }) => ({
  status: 200,
  body: await approveMessage(actor, params.messageId, requestId, deps),
}));
