import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { DemoUser } from '../../local/seed';
import type { Runtime } from '../../local/stack';
import type { ProfileId } from '../../shared/profiles';
import { apiClient } from './api-client';
import { localDb } from './local-clients';
import { ROOT, startStackProcess } from './stack-process';

export interface ProfileStack {
  runtime: Runtime;
  demoUsers: DemoUser[];
  /** The HTTP API as the demo users. */
  api: ReturnType<typeof apiClient>;
  /** DynamoDB Local through the Document client. */
  db: DynamoDBDocumentClient;
  /** What the stack process printed so far (its logs); empty for the shared it-miur stack. */
  output(): string;
  /** Closes `db` and stops a stack this helper started; the shared it-miur stack is left to the global teardown. */
  stop(): Promise<void>;
}

/**
 * A local stack of the given profile for one test file: the integration project's shared stack
 * for it-miur, otherwise a stack of its own (free ports, temporary state folder, no cron), started
 * as `npm start` does. Call from `beforeAll` and stop in `afterAll`.
 */
export async function profileStack(profile: ProfileId): Promise<ProfileStack> {
  const started = profile === 'it-miur' ? { ...inject('stack'), stop: async () => {} } : await startStackProcess(profile);
  const db = localDb(started.runtime);
  return {
    runtime: started.runtime,
    demoUsers: started.demoUsers,
    api: apiClient(started.runtime, started.demoUsers),
    db,
    output: () => ('output' in started ? started.output() : ''),
    stop: async () => {
      db.destroy();
      await started.stop();
    },
  };
}

/** Runs a scheduled job once "as of" `at` against the stack, as `npm run job -- <name> --at <at>` does. */
export async function runJob(runtime: Runtime, name: string, at: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['local/job.ts', name, '--at', at, '--state-dir', runtime.stateDir],
    { cwd: ROOT },
  );
  return stdout;
}

/** A launch time a moment ahead: a lot launches only in the future (3 s leaves time for the POST). */
export const launchMoment = () => new Date(Date.now() + 3_000).toISOString();

/**
 * Waits until `instant` has passed. A launch run "as of" its lot's time sets off consumers that
 * run by that time (shared/as-of-clock.ts): once it has passed, accounts and notices are stamped
 * no later than the real clock, so a test may go on in real time (sign in, read forwarding).
 * Waiting for the launch time to come is what it is for, never to prove that nothing happened.
 */
export async function untilPast(instant: string): Promise<void> {
  const left = Date.parse(instant) - Date.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

/** Every SMS the stack's sink holds (newest first). */
export async function smsOutbox(runtime: Runtime): Promise<SmsRecord[]> {
  return (await (await fetch(`${runtime.urls.sms}/messages`)).json()) as SmsRecord[];
}
