import { jobIdParams } from '../../../shared/api/import-schemas';
import { systemClock } from '../../../shared/clock';
import { actorRoute } from '../../../shared/http/actor-route';
import { jobFor } from '../../../shared/imports/import-use-cases';
import { jobs, jobView, scopes } from './import-deps';

export const handler = actorRoute({ routeId: 'getImport', scopes, params: jobIdParams }, async ({ params, actor }) => ({
  status: 200,
  body: jobView(await jobFor(actor, params.jobId, jobs), systemClock.now()),
}));
