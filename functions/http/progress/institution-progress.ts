import { institutionParams } from '../../../shared/api/lot-schemas';
import { assertInstitution, dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { readProgress } from '../../../shared/progress/progress-counters';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

export const handler = actorRoute({ routeId: 'getInstitutionProgress', scopes, params: institutionParams }, async ({ params, actor }) => {
  assertInstitution(actor, params.institutionCode);
  return { status: 200, body: await readProgress(dynamo, env.DIRECTORY_TABLE, { institutionCode: params.institutionCode }) };
});
