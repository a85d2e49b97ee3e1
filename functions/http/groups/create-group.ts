import { createGroupBody } from '../../../shared/api/group-schemas';
import { createGroup } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: true });

export const handler = actorRoute({ routeId: 'createGroup', scopes, body: createGroupBody }, async ({ body, actor, requestId }) => ({
  status: 201,
  body: await createGroup(body, { actor, requestId }, deps),
}));
