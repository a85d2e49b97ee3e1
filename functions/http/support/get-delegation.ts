import { sharedMailboxParams } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoSharedMailboxStore } from '../../../shared/support/shared-mailbox';
import { getSharedMailbox } from '../../../shared/support/shared-mailbox-use-cases';
import { context, directoryTable, scopes } from './support-deps';

const deps = { ...context, boxes: dynamoSharedMailboxStore(dynamo, directoryTable) };

export const handler = actorRoute(
  { routeId: 'supportGetDelegation', scopes, params: sharedMailboxParams },
  async ({ params, actor, requestId }) => ({
    status: 200,
    body: await getSharedMailbox(params.address, actor, deps, requestId),
  }),
);
