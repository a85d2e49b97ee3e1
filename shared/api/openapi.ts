import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { RESOURCE_SERVER, ROUTES } from '../catalog';
import { problemSchema } from './problem-schema';
import { ROUTE_DOCS } from './route-docs';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is not valid (see `errors`)',
  401: 'No valid access token',
  403: 'Not allowed for this caller or institution',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Too large',
  429: 'Too many requests',
  500: 'Internal error (nothing internal is said)',
  503: 'A dependency is unavailable or throttling (`dependency_unavailable`); retry after the `Retry-After` header’s seconds',
};

/** Builds the OpenAPI 3.1 document from the route catalog and each route's zod schemas. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cognito', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito access token of the deployment’s user pool',
  });
  registry.registerComponent('securitySchemes', 'machine', {
    type: 'oauth2',
    description:
      'An access token of the mail router’s app client (Cognito client credentials grant). The token URL is the deployment’s Cognito domain: the `TokenEndpoint` output of the stateless stack.',
    flows: {
      clientCredentials: {
        // `.invalid` is reserved for placeholders: each deployment has its own Cognito domain.
        tokenUrl: 'https://cognito-domain.invalid/oauth2/token',
        scopes: Object.fromEntries(
          Object.entries(RESOURCE_SERVER.scopes).map(([name, text]) => [`${RESOURCE_SERVER.identifier}/${name}`, text]),
        ),
      },
    },
  });
  for (const route of ROUTES) {
    const doc = ROUTE_DOCS[route.id];
    if (!doc) throw new Error(`Route ${route.id} has no entry in ROUTE_DOCS`);
    // Every route may meet a dependency outage (503, with Retry-After).
    const problems = [...new Set([400, 500, 503, ...(route.auth !== 'public' ? [401] : []), ...(doc.problems ?? [])])];
    const responses: Record<string, object> = {};
    for (const [status, r] of Object.entries(doc.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema && { content: { 'application/json': { schema: r.schema } } }),
      };
    }
    for (const status of problems.sort()) {
      responses[String(status)] = {
        description: PROBLEM_TEXT[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemSchema } },
      };
    }
    registry.registerPath({
      operationId: route.id,
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      summary: route.summary,
      tags: [route.tag],
      security: route.auth === 'jwt' ? [{ cognito: [] }] : route.auth === 'machine' ? [{ machine: route.scopes ?? [] }] : [],
      request: {
        ...(doc.body && { body: { required: true, content: { 'application/json': { schema: doc.body } } } }),
        ...(doc.query && { query: doc.query }),
        ...(doc.params && { params: doc.params }),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Posta API',
      version: '1.0.0',
      description: 'Lifecycle of institutional mailbox accounts: import, lots, activation, rotation, resets.',
    },
  });
}
