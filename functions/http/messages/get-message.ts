import { messageIdParams } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { getMessage } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute({ routeId: 'getMessage', scopes, params: messageIdParams }, async ({ params, actor }) => ({
  status: 200,
  body: await getMessage(actor, params.messageId, deps),
}));
