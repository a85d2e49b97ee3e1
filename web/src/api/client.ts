import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];
export type PublicProfile = components['schemas']['PublicProfile'];
export type Me = components['schemas']['Me'];
export type LateRequestStatus = components['schemas']['LateRequestStatus'];

/**
 * A failed API call: `status` 0 when the API was not reached at all (network, CORS), otherwise
 * the HTTP status with the RFC 9457 problem the API answered (null if the body was not one).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem ? `${status} ${problem.code}` : `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** The body as an RFC 9457 problem of the API, or null when it is not one. */
export function asProblem(body: unknown): Problem | null {
  const p = body as Partial<Problem> | null;
  return p && typeof p === 'object' && typeof p.code === 'string' && typeof p.status === 'number' ? (p as Problem) : null;
}

/**
 * The API, typed from docs/openapi.json (web/src/api/schema.d.ts, `npm run openapi`): a path or
 * a body the document does not have fails the type check. `token` gives the signed-in user's
 * access token (refreshed when due), or null; `language`, the console's language, sent as
 * `Accept-Language` so a problem's `detail` comes back in it.
 */
export function createApi(baseUrl: string, token: () => Promise<string | null>, language?: () => string) {
  const client = createClient<paths>({ baseUrl });
  client.use({
    async onRequest({ request }) {
      const bearer = await token();
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      const lang = language?.();
      if (lang) request.headers.set('accept-language', lang);
      return request;
    },
  });
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** The data of a successful call; an ApiError otherwise (status 0 when fetch itself failed). */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, null);
  }
  if (!result.response.ok) throw new ApiError(result.response.status, asProblem(result.error));
  return result.data as T;
}
