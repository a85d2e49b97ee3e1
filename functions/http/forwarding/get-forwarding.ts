import { forwardingParams } from '../../../shared/api/forwarding-schemas';
import { lookupForwarding } from '../../../shared/forwarding/forwarding-use-cases';
import { machineRoute } from '../../../shared/http/machine-route';
import { deps } from './forwarding-deps';

export const handler = machineRoute({ routeId: 'getForwarding', params: forwardingParams }, async ({ params }) => ({
  status: 200,
  body: await lookupForwarding(params.oldAddress, deps),
}));
