import { progressReportQuery } from '../../../shared/api/support-schemas';
import { dynamo } from '../../../shared/clients/dynamodb';
import { actorRoute } from '../../../shared/http/actor-route';
import { readProgress } from '../../../shared/progress/progress-counters';
import { progressReport } from '../../../shared/support/support-reports';
import { context, directoryTable, scopes } from './support-deps';

const deps = { ...context, progressOf: (institutionCode: string) => readProgress(dynamo, directoryTable, { institutionCode }) };

export const handler = actorRoute(
  { routeId: 'supportProgressReport', scopes, query: progressReportQuery },
  async ({ query, actor, requestId }) => ({
    status: 200,
    body: await progressReport(query.institutionCode, actor, deps, requestId),
  }),
);
