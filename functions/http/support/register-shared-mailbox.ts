import { registerSharedMailboxBody } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoSharedMailboxStore } from '../../../shared/support/shared-mailbox';
import { registerSharedMailbox } from '../../../shared/support/shared-mailbox-use-cases';
import { context, directoryTable, scopes } from './support-deps';

const deps = { ...context, boxes: dynamoSharedMailboxStore(dynamo, directoryTable) };

export const handler = actorRoute(
  { routeId: 'registerSharedMailbox', scopes, body: registerSharedMailboxBody },
  async ({ body, actor, requestId }) => ({
    status: 201,
    body: await registerSharedMailbox(body, actor, deps, requestId),
  }),
);
