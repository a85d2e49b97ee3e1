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

/**
 * Starts the local stack exactly as `npm start` does, in its own process, on free ports and
 * in a temporary state folder; stop() sends SIGTERM and removes the folder.
 */
export async function startStackProcess(profile: string, timeoutMs = 150_000, extraArgs: string[] = []): Promise<StackProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), `posta-test-${profile}-`));
  let output = '';
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['local/start.ts', '--profile', profile, '--state-dir', stateDir, '--port-base', '0', '--no-schedules', ...extraArgs],
    { cwd: ROOT, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const file = join(stateDir, 'runtime.json');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file) || !output.includes('Press Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(stateDir, { recursive: true, force: true });
      throw new Error(`local stack did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    runtime: JSON.parse(readFileSync(file, 'utf8')) as Runtime,
    demoUsers: JSON.parse(readFileSync(join(stateDir, 'demo-users.json'), 'utf8')) as DemoUser[],
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
