import { messageIdParams, previewQuery } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { previewMessage } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute(
  { routeId: 'previewMessage', scopes, params: messageIdParams, query: previewQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await previewMessage(actor, params.messageId, query.memberId, deps) }),
);
