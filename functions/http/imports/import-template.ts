import { profile } from '../../../shared/config/profile';
import { actorRoute } from '../../../shared/http/actor-route';
import { importTemplateCsv } from '../../../shared/imports/import-format';
import { scopes } from './import-deps';

const template = importTemplateCsv(profile);

export const handler = actorRoute({ routeId: 'getImportTemplate', scopes }, async () => ({
  status: 200,
  contentType: 'text/csv; charset=utf-8',
  headers: { 'content-disposition': `attachment; filename="staff-import-${profile.id}.csv"` },
  body: template,
}));
