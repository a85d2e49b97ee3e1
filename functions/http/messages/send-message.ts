import { messageIdParams, sendMessageBody } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { sendMessage } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute(
  { routeId: 'sendMessage', scopes, params: messageIdParams, body: sendMessageBody },
  async ({ params, body, actor, requestId }) => ({ status: 202, body: await sendMessage(actor, params.messageId, body, requestId, deps) }),
);
