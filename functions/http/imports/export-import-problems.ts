import { jobIdParams, problemsCsvQuery } from '../../../shared/api/import-schemas';
import { actorRoute } from '../../../shared/http/actor-route';
import { problemsCsv } from '../../../shared/imports/import-problems-csv';
import { jobFor } from '../../../shared/imports/import-use-cases';
import { jobs, scopes } from './import-deps';

export const handler = actorRoute(
  { routeId: 'exportImportProblems', scopes, params: jobIdParams, query: problemsCsvQuery },
  async ({ params, query, actor }) => {
    await jobFor(actor, params.jobId, jobs);
    const page = await jobs.listProblems(params.jobId, query.limit, query.cursor);
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      // CSV has no room for the cursor: the next page's cursor travels in a header (absent when done).
      headers: {
        'content-disposition': `attachment; filename="import-${params.jobId}-problems.csv"`,
        ...(page.nextCursor && { 'x-next-cursor': page.nextCursor }),
      },
      body: problemsCsv(page.items),
    };
  },
);
