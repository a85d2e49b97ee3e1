import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

describe('the console’s API types', () => {
  it('web/src/api/schema.d.ts is what openapi-typescript makes of docs/openapi.json (run `npm run openapi`)', async () => {
    const document = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    const generated = COMMENT_HEADER + astToString(await openapiTS(document));
    const committed = readFileSync(new URL('../src/api/schema.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(generated);
  }, 60_000);
});
