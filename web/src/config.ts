/**
 * Where this deployment's API and user pool are: `/config.json`, written next to the console by
 * `cdk deploy` (from the stack's outputs) and served by `npm start` locally. The build itself
 * names no deployment, so one build serves every profile.
 */
export interface ConsoleConfig {
  /** The HTTP API's base URL; empty means the console's own origin (local runner). */
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only locally: cognito-local's URL. In the cloud the SDK finds Cognito's regional endpoint. */
  cognitoEndpoint?: string;
}

export function parseConfig(value: unknown): ConsoleConfig {
  const v = (value ?? {}) as Record<string, unknown>;
  const text = (name: string, optional = false) => {
    const field = v[name];
    if (field === undefined && optional) return undefined;
    if (typeof field !== 'string') throw new Error(`config.json: "${name}" must be a string`);
    return field;
  };
  const cognitoEndpoint = text('cognitoEndpoint', true);
  return {
    apiUrl: (text('apiUrl') ?? '').replace(/\/$/, ''),
    region: text('region') ?? '',
    userPoolId: text('userPoolId') ?? '',
    userPoolClientId: text('userPoolClientId') ?? '',
    ...(cognitoEndpoint && { cognitoEndpoint }),
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  // index.html preloads it while the scripts load; the server says no-store, so it is never stale.
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  return parseConfig(await res.json());
}
