import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoUser } from '../../local/seed';
import type { Runtime } from '../../local/stack';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface StackProcess {
  runtime: Runtime;
  demoUsers: DemoUser[];
  output: () => string;
  stop(): Promise<void>;
}

export interface StackOptions {
  timeoutMs?: number;
  /** Settings for the stack's process (and so for every handler it runs), on top of this process's. */
  env?: Record<string, string>;
  /** Start in this state folder (a stack started again after a crash); it is then left in place on stop. */
  stateDir?: string;
  /**
   * Its own process group, with every emulator it spawns: `kill()` then takes the whole stack down
   * at once (SIGKILL), as a crashed host would, and leaves the state folder for a restart.
   */
  killable?: boolean;
  /** More arguments for `local/start.ts` (e.g. `--mfa`). */
  args?: string[];
}

export interface KillableStack extends StackProcess {
  /** SIGKILL to the stack's whole process group: the runner, the API, the consumers, every emulator. */
  kill(): Promise<void>;
  /** Any signal to the whole process group (SIGSTOP freezes the stack at one instant). */
  signalGroup(signal: NodeJS.Signals): void;
  stateDir: string;
}

/**
 * Starts the local stack exactly as `npm start` does, in its own process, on free ports and
 * in a temporary state folder; stop() sends SIGTERM and removes the folder.
 */
export async function startStackProcess(profile: string, options: StackOptions | number = {}): Promise<KillableStack> {
  const opts = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = opts.timeoutMs ?? 150_000;
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), `posta-test-${profile}-`));
  const ownsState = opts.stateDir === undefined;
  let output = '';
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['local/start.ts', '--profile', profile, '--state-dir', stateDir, '--port-base', '0', '--no-schedules', ...(opts.args ?? [])],
    {
      cwd: ROOT,
      // Consumers' retry back-off starts at 1 s instead of 30 s (shared/delivery/outage.ts): a
      // duplicate delivery waiting for its twin, or a message riding out a fault, comes back in
      // seconds, as in the chaos test and the bench. The 30-second default is unit-tested.
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', RETRY_BACKOFF_BASE_SECONDS: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: opts.killable ?? false,
    },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!opts.killable || child.pid === undefined) throw new Error('start the stack with killable: true to signal it');
    process.kill(-child.pid, signal);
  };
  const file = join(stateDir, 'runtime.json');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file) || !output.includes('Press Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      // A killable stack's emulators share its process group: take them down with it.
      if (opts.killable && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is gone already.
        }
      } else child.kill('SIGKILL');
      if (ownsState) rmSync(stateDir, { recursive: true, force: true });
      throw new Error(`local stack did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    runtime: JSON.parse(readFileSync(file, 'utf8')) as Runtime,
    demoUsers: JSON.parse(readFileSync(join(stateDir, 'demo-users.json'), 'utf8')) as DemoUser[],
    output: () => output,
    stateDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (ownsState) rmSync(stateDir, { recursive: true, force: true });
    },
    signalGroup,
    async kill() {
      signalGroup('SIGKILL');
      await exited;
    },
  };
}
