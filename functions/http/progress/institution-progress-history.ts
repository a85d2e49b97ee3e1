import { institutionParams, progressHistoryQuery } from '../../../shared/api/lot-schemas';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { actorRoute } from '../../../shared/http/actor-route';
import { progressHistory } from '../../../shared/progress/progress-history';
import { dynamoProgressHistoryStore } from '../../../shared/progress/progress-history-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
const history = dynamoProgressHistoryStore(dynamo, env.DIRECTORY_TABLE);

export const handler = actorRoute(
  { routeId: 'getInstitutionProgressHistory', scopes, params: institutionParams, query: progressHistoryQuery },
  async ({ params, query, actor }) => ({
    status: 200,
    body: await progressHistory(actor, params.institutionCode, query.days, { history, clock: systemClock }),
  }),
);
