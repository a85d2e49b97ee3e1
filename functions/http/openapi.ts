import document from '../../docs/openapi.json' with { type: 'json' };
import { httpRoute } from '../../shared/http/route';

// The committed document is bundled: no generator code ships, and a test keeps it fresh.
export const handler = httpRoute({ auth: 'public' }, async () => ({ status: 200, body: document }));
