import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { ROOT } from '../helpers/stack-process';

const { runtime } = inject('stack');

describe('npm run job -- <name> --at <date>', () => {
  it('runs a scheduled job "as of" the given date against the running stack', async () => {
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['local/job.ts', 'heartbeat', '--at', '2027-01-31', '--state-dir', runtime.stateDir],
      { cwd: ROOT },
    );
    expect(stdout).toContain('as of 2027-01-31T00:00:00.000Z');
    const health = (await (await fetch(`${runtime.urls.api}/health`)).json()) as { checks: { scheduler: { lastRunAt: string | null } } };
    expect(health.checks.scheduler.lastRunAt).toBe('2027-01-31T00:00:00.000Z');
  });

  it('names the known jobs when asked for an unknown one', async () => {
    const run = promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/job.ts', 'nope', '--state-dir', runtime.stateDir], {
      cwd: ROOT,
    });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Jobs: heartbeat') });
  });
});
