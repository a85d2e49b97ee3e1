import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../shared/api/openapi';

/** Writes docs/openapi.json; a unit test fails when the committed file is stale. */
const target = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
