import { supportMemberParams, supportReasonBody } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoActivationLocks } from '../../../shared/support/activation-lock';
import { unlockMember } from '../../../shared/support/member-support';
import { accountControl, context, directoryTable, members, scopes } from './support-deps';

const deps = { ...context, members, accounts: accountControl(), locks: dynamoActivationLocks(dynamo, directoryTable) };

export const handler = actorRoute(
  { routeId: 'supportUnlockMember', scopes, params: supportMemberParams, body: supportReasonBody },
  async ({ params, body, actor, requestId }) => ({
    status: 200,
    body: await unlockMember(params.memberId, body, actor, deps, requestId),
  }),
);
