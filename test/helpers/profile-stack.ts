import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { DemoUser } from '../../local/seed';
import type { Runtime } from '../../local/stack';
import type { ProfileId } from '../../shared/profiles';
import { ROOT, startStackProcess } from './stack-process';

export interface ProfileStack {
  runtime: Runtime;
  demoUsers: DemoUser[];
  /** Stops a stack this helper started; the shared it-miur stack is left to the global teardown. */
  stop(): Promise<void>;
}

/**
 * A local stack of the given profile for one test file: the integration project's shared stack
 * for it-miur, otherwise a stack of its own (free ports, temporary state folder, no cron), started
 * as `npm start` does. Call from `beforeAll` and stop in `afterAll`.
 */
export async function profileStack(profile: ProfileId): Promise<ProfileStack> {
  if (profile === 'it-miur') {
    const shared = inject('stack');
    return { ...shared, stop: async () => {} };
  }
  return startStackProcess(profile);
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

/** Every SMS the stack's sink holds (newest first). */
export async function smsOutbox(runtime: Runtime): Promise<SmsRecord[]> {
  return (await (await fetch(`${runtime.urls.sms}/messages`)).json()) as SmsRecord[];
}
