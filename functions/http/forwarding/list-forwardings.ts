import { listForwardingsQuery } from '../../../shared/api/forwarding-schemas';
import { listForwardings } from '../../../shared/forwarding/forwarding-use-cases';
import { machineRoute } from '../../../shared/http/machine-route';
import { deps } from './forwarding-deps';

export const handler = machineRoute({ routeId: 'listForwardings', query: listForwardingsQuery }, async ({ query }) => ({
  status: 200,
  body: await listForwardings(query, deps),
}));
