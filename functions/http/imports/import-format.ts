import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { importFormat } from '../../../shared/imports/import-format';
import { scopes } from './import-deps';

const format = importFormat(profile);

export const handler = actorRoute({ routeId: 'getImportFormat', scopes }, async () => ({ status: 200, body: format }));
