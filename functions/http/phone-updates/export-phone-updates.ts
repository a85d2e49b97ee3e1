import { institutionParams } from '../../../shared/api/lot-schemas';
import { phoneUpdatesCsvQuery } from '../../../shared/api/phone-update-schemas';
import { assertInstitution } from '../../../shared/auth/scope';
import { actorRoute } from '../../../shared/http/actor-route';
import { phoneUpdatesCsv } from '../../../shared/phone-updates/phone-update-use-cases';
import { phoneUpdates, scopes } from './phone-update-deps';

export const handler = actorRoute(
  { routeId: 'exportPhoneUpdates', scopes, params: institutionParams, query: phoneUpdatesCsvQuery },
  async ({ params, query, actor }) => {
    assertInstitution(actor, params.institutionCode);
    const page = await phoneUpdates.list(params.institutionCode, query.limit, query.cursor);
    return {
      status: 200,
      contentType: 'text/csv; charset=utf-8',
      // CSV has no room for the cursor: the next page's cursor travels in a header (absent when done).
      headers: {
        'content-disposition': `attachment; filename="phone-updates-${params.institutionCode}.csv"`,
        ...(page.nextCursor && { 'x-next-cursor': page.nextCursor }),
      },
      body: phoneUpdatesCsv(page.items),
    };
  },
);
