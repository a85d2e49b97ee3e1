import { exportForwardingsQuery } from '../../../shared/api/forwarding-schemas';
import { forwardingsCsv } from '../../../shared/forwarding/forwarding-csv';
import { listForwardings } from '../../../shared/forwarding/forwarding-use-cases';
import { machineRoute } from '../../../shared/http/machine-route';
import { deps } from './forwarding-deps';

export const handler = machineRoute({ routeId: 'exportForwardings', query: exportForwardingsQuery }, async ({ query }) => {
  const page = await listForwardings(query, deps);
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    // CSV has no room for the cursor: the next page's cursor travels in a header (absent when done).
    headers: page.nextCursor ? { 'x-next-cursor': page.nextCursor } : ({} as Record<string, string>),
    body: forwardingsCsv(page.items),
  };
});
