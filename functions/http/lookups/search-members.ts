import { searchMembersQuery } from '../../../shared/api/lookup-schemas';
import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoInstitutionRegions, dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { readSecret } from '../../../shared/config/secrets';
import { actorRoute } from '../../../shared/http/actor-route';
import { type MemberSearchDeps, searchMembers } from '../../../shared/lookups/member-search';
import { dynamoMemberSearchStore } from '../../../shared/lookups/member-search-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { nationalIdHasher } from '../../../shared/members/national-id-hash';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const deps: MemberSearchDeps = {
  search: dynamoMemberSearchStore(dynamo, env.DIRECTORY_TABLE),
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  hashNationalId: nationalIdHasher(await readSecret('nationalIdKey')),
  profile,
  regions: dynamoInstitutionRegions(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
};

export const handler = actorRoute({ routeId: 'searchMembers', scopes, query: searchMembersQuery }, async ({ query, actor, requestId }) => ({
  status: 200,
  body: await searchMembers(query, actor, deps, requestId),
}));
