import { listMessagesQuery } from '../../../shared/api/message-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { listMessages } from '../../../shared/messages/message-use-cases';
import { deps, scopes } from './message-deps';

export const handler = actorRoute({ routeId: 'listMessages', scopes, query: listMessagesQuery }, async ({ query, actor }) => ({
  status: 200,
  body: await listMessages(actor, query, deps),
}));
