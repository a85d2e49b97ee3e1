import { createMessageBody } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { createMessage } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute({ routeId: 'createMessage', scopes, body: createMessageBody }, async ({ body, actor, requestId }) => ({
  status: 201,
  body: await createMessage(body, actor, requestId, deps),
}));
