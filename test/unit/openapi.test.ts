import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../shared/api/openapi';
import { ROUTES } from '../../shared/catalog';

describe('OpenAPI document', () => {
  it('the committed docs/openapi.json is what the schemas generate (run `npm run openapi`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('documents every catalog route, with bearer security on jwt routes and OAuth scopes on machine routes', () => {
    const doc = buildOpenApiDocument();
    for (const route of ROUTES) {
      const op = doc.paths?.[route.path]?.[route.method.toLowerCase() as 'get'];
      expect(op?.operationId, route.id).toBe(route.id);
      const security = { public: [], jwt: [{ cognito: [] }], machine: [{ machine: route.scopes }] }[route.auth];
      expect(op?.security, route.id).toEqual(security);
    }
  });
});
