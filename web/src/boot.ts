import { call, createApi, type PublicProfile } from './api/client';
import { type ConsoleConfig, loadConfig } from './config';

/** The two answers every first page needs, asked for before the console's own code has run. */
export interface Loading {
  config: Promise<ConsoleConfig>;
  profile: Promise<PublicProfile>;
}

/**
 * Asks for `/config.json` (preloaded by index.html) and, as soon as it says where the API is,
 * for `GET /v1/profile` (public: no token). The staff entry calls this first thing, while the
 * browser is still fetching and evaluating the console itself, so the profile's round trip no
 * longer waits for that. A retry (the "try again" button) calls it again.
 */
export function startLoading(): Loading {
  const config = loadConfig();
  const profile = config.then((c) => call(createApi(c.apiUrl || window.location.origin, async () => null).GET('/v1/profile')));
  // Rejections are read by whoever awaits them (the console shows "unavailable"), never unhandled.
  profile.catch(() => undefined);
  return { config, profile };
}
