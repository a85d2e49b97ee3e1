import { institutionGroupsParams, listGroupsQuery } from '../../../shared/api/group-schemas';
import { listGroups } from '../../../shared/groups/group-use-cases';
import { actorRoute } from '../../../shared/http/actor-route';
import { groupDeps, scopes } from './group-deps';

const deps = groupDeps({ audit: false });

export const handler = actorRoute(
  { routeId: 'listInstitutionGroups', scopes, params: institutionGroupsParams, query: listGroupsQuery },
  async ({ params, query, actor }) => ({ status: 200, body: await listGroups(params.institutionCode, query, actor, deps) }),
);
