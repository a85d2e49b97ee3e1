import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Service, spawnService } from '../support/child-process';
import { waitFor } from '../support/wait';

/**
 * The user pool triggers cognito-local invokes. It never runs PreAuthentication (a documented
 * emulator gap): that trigger is covered by unit tests.
 */
const EMULATED_TRIGGERS = new Set([
  'PostAuthentication',
  'PreTokenGeneration',
  'PostConfirmation',
  'PreSignUp',
  'CustomMessage',
  'UserMigration',
]);

export interface CognitoTriggers {
  /** Where cognito-local's Lambda client sends `Invoke` (local/lambda-endpoint.ts). */
  lambdaEndpoint: string;
  /** Cognito trigger name → function name; triggers the emulator does not run are left out. */
  functions: Record<string, string>;
}

/**
 * cognito-local (https://github.com/jagregory/cognito-local) in its own process: it keeps its
 * users under `<dir>/.cognito/db` and signs tokens with a fixed key it serves as JWKS.
 */
export async function startCognito(opts: {
  port: number;
  dir: string;
  logFile: string;
  triggers?: CognitoTriggers;
}): Promise<Service & { endpoint: string }> {
  mkdirSync(join(opts.dir, '.cognito'), { recursive: true });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  writeFileSync(
    join(opts.dir, '.cognito', 'config.json'),
    JSON.stringify(
      {
        ServerConfig: { hostname: '127.0.0.1', port: opts.port },
        TokenConfig: { IssuerDomain: endpoint },
        // Logins are the mail address itself, used as the username.
        UserPoolDefaults: { UsernameAttributes: [] },
        ...(opts.triggers && {
          TriggerFunctions: Object.fromEntries(Object.entries(opts.triggers.functions).filter(([t]) => EMULATED_TRIGGERS.has(t))),
          LambdaClient: {
            endpoint: opts.triggers.lambdaEndpoint,
            region: 'local',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          },
        }),
      },
      null,
      2,
    ),
  );
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  // Crash-safe pool files, so a stack killed mid-write starts again (chaos tests kill it on purpose).
  const atomicWrites = join(import.meta.dirname, 'cognito-atomic-writes.cjs');
  const { service } = spawnService('cognito', process.execPath, ['--require', atomicWrites, bin], {
    cwd: opts.dir,
    env: { ...process.env, PORT: String(opts.port) },
    logFile: opts.logFile,
  });
  await waitFor('cognito-local', async () => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools', 'content-type': 'application/x-amz-json-1.1' },
      body: '{"MaxResults":1}',
    });
    if (!res.ok) throw new Error(`status ${res.status}`);
  });
  return { ...service, endpoint };
}
