import { setDelegationBody, sharedMailboxParams } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoSharedMailboxStore } from '../../../shared/support/shared-mailbox';
import { setDelegation } from '../../../shared/support/shared-mailbox-use-cases';
import { context, directoryTable, scopes } from './support-deps';

const deps = { ...context, boxes: dynamoSharedMailboxStore(dynamo, directoryTable) };

export const handler = actorRoute(
  { routeId: 'supportSetDelegation', scopes, params: sharedMailboxParams, body: setDelegationBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await setDelegation(params.address, body, actor, deps, requestId),
  }),
);
