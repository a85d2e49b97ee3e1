import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { eventually, sesStore } from '../helpers/local-clients';
import { type ProfileStack, profileStack, runJob } from '../helpers/profile-stack';
import { ROOT } from '../helpers/stack-process';
import { italianRow } from '../helpers/staff-fixtures';

const { runtime } = inject('stack');
const DAY = 86_400_000;

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

/**
 * The README's "try it by hand": launch a lot as of its launch time, then resend-notices as of a
 * week and a day later — the consumers the launch sets off run by the job's clock, so the notices
 * are stamped as of the launch and their reminders fall due then. Rows 92,000–92,001 (staff-fixtures).
 */
describe('the clock of a job run reaches the queue consumers it sets off', () => {
  const rows = [italianRow(92_000, 'ASOF0001'), italianRow(92_001, 'ASOF0001')];
  let stack: ProfileStack;
  let launchAt: string;
  let memberIds: string[];

  beforeAll(async () => {
    stack = await profileStack('it-miur');
    const operator = await stack.api.tokenOf('operator');
    // Launched as of an hour from now: a real-time stamp would come before it.
    const launched = await launchSmallLot(stack, operator, {
      name: 'As of',
      institutionCode: 'ASOF0001',
      rows,
      launchAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    launchAt = launched.lot.launchAt;
    memberIds = launched.memberIds;
  }, 180_000);

  afterAll(() => stack.stop());

  it('accounts and notices are stamped as of the launch, not as of the real clock', async () => {
    for (const memberId of memberIds) {
      const { Item } = await stack.db.send(
        new GetCommand({ TableName: stack.runtime.resources.tables.directory, Key: { pk: `MEMBER#${memberId}`, sk: 'MEMBER' } }),
      );
      const created = Date.parse(Item?.accountCreatedAt);
      expect(created).toBeGreaterThanOrEqual(Date.parse(launchAt));
      expect(created - Date.parse(launchAt)).toBeLessThan(10 * 60_000);
      // The first reminder falls due a cadence (7 days) after the launch day.
      expect(Item?.duePk).toMatch(new RegExp(`^NOTICE#${new Date(Date.parse(launchAt) + 7 * DAY).toISOString().slice(0, 10)}#`));
    }
  });

  it('resend-notices as of a week and a day later sends the reminders', async () => {
    const out = await runJob(stack.runtime, 'resend-notices', new Date(Date.parse(launchAt) + 8 * DAY).toISOString());
    expect(Number(/"sent": (\d+)/.exec(out)?.[1])).toBeGreaterThanOrEqual(rows.length);
    const reminders = await eventually(
      async () =>
        (await sesStore(stack.runtime)).filter(
          (m) => rows.some((r) => m.destination.to.includes(r.oldAddress)) && /Promemoria|Reminder/.test(m.subject),
        ),
      (list) => list.length >= rows.length,
      60_000,
    );
    expect(reminders).toHaveLength(rows.length);
  });
});
