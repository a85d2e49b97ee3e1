import { jobIdParams, problemsQuery } from '../../../shared/api/import-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { jobFor } from '../../../shared/imports/import-use-cases';
import { jobs, scopes } from './import-deps';

export const handler = actorRoute(
  { routeId: 'listImportProblems', scopes, params: jobIdParams, query: problemsQuery },
  async ({ params, query, actor }) => {
    await jobFor(actor, params.jobId, jobs);
    return { status: 200, body: await jobs.listProblems(params.jobId, query.limit, query.cursor) };
  },
);
