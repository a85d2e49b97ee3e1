import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { DependencyUnavailableError } from '../../shared/errors';
import { checkHealth } from '../../shared/system/health';

describe('checkHealth', () => {
  it('reports the profile, the time and the scheduler’s last run', async () => {
    const result = await checkHealth({
      heartbeats: { record: async () => undefined, lastRunAt: async () => '2027-01-31T00:00:00.000Z' },
      clock: fixedClock('2027-02-01T10:00:00Z'),
      profileId: 'tr-meb',
    });
    expect(result).toEqual({
      status: 'ok',
      profile: 'tr-meb',
      time: '2027-02-01T10:00:00.000Z',
      checks: { directory: 'ok', scheduler: { lastRunAt: '2027-01-31T00:00:00.000Z' } },
    });
  });

  it('turns an unreachable table into a 503 domain error', async () => {
    const failing = checkHealth({
      heartbeats: { record: async () => undefined, lastRunAt: async () => Promise.reject(new Error('ECONNREFUSED')) },
      clock: fixedClock('2027-02-01T10:00:00Z'),
      profileId: 'tr-meb',
    });
    await expect(failing).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
