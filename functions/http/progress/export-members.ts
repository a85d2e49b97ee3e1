import { institutionParams } from '../../../shared/api/lot-schemas';
import { assertInstitution, dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { membersCsv } from '../../../shared/exports/member-export';
import { actorRoute } from '../../../shared/http/actor-route';
import { dynamoMemberStore } from '../../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);

export const handler = actorRoute({ routeId: 'exportInstitutionMembers', scopes, params: institutionParams }, async ({ params, actor }) => {
  assertInstitution(actor, params.institutionCode);
  const ids = await members.idsOfInstitution(params.institutionCode);
  const found = await members.getMany(ids);
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    headers: { 'content-disposition': `attachment; filename="members-${params.institutionCode}.csv"` },
    body: membersCsv(ids.flatMap((id) => found.get(id) ?? [])),
  };
});
