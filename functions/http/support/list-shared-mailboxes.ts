import { listSharedMailboxesQuery } from '../../../shared/api/lookup-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoSharedMailboxStore } from '../../../shared/support/shared-mailbox';
import { listSharedMailboxes } from '../../../shared/support/shared-mailbox-use-cases';
import { context, directoryTable, scopes } from './support-deps';

const deps = { ...context, boxes: dynamoSharedMailboxStore(dynamo, directoryTable) };

export const handler = actorRoute(
  { routeId: 'listSharedMailboxes', scopes, query: listSharedMailboxesQuery },
  async ({ query, actor, requestId }) => ({
    status: 200,
    body: await listSharedMailboxes(query, actor, deps, requestId),
  }),
);
