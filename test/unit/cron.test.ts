import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../shared/catalog';
import { cronMatches } from '../../shared/system/cron';

describe('cronMatches (EventBridge cron fields, UTC)', () => {
  it('matches steps, lists, ranges and week days', () => {
    const at = new Date('2027-01-31T03:15:00Z'); // a Sunday
    expect(cronMatches({ minute: '*/15', hour: '*' }, at)).toBe(true);
    expect(cronMatches({ minute: '*/20', hour: '*' }, at)).toBe(false);
    expect(cronMatches({ minute: '15', hour: '2-4' }, at)).toBe(true);
    expect(cronMatches({ minute: '15', hour: '1,2' }, at)).toBe(false);
    expect(cronMatches({ minute: '15', hour: '3', weekDay: '1' }, at)).toBe(true);
    expect(cronMatches({ minute: '15', hour: '3', weekDay: '2-6' }, at)).toBe(false);
    expect(cronMatches({ minute: '15', hour: '3', day: '31', month: '1' }, at)).toBe(true);
    expect(cronMatches({ minute: '5/10', hour: '*' }, at)).toBe(true);
  });

  it('every catalog schedule fires at least once a day, a weekly one once a week', () => {
    for (const s of SCHEDULES) {
      const days = s.cron.weekDay === undefined ? 1 : 7;
      const fires = Array.from({ length: 1440 * days }, (_, m) => new Date(Date.UTC(2027, 0, 31, 0, m))).some((d) =>
        cronMatches(s.cron, d),
      );
      expect(fires, s.id).toBe(true);
    }
  });

  it('the phone-update digest fires on Mondays only (EventBridge: 1 = Sunday)', () => {
    const digest = SCHEDULES.find((s) => s.id === 'phone-update-digest');
    expect(digest && cronMatches(digest.cron, new Date('2027-02-01T07:00:00Z'))).toBe(true); // a Monday
    expect(digest && cronMatches(digest.cron, new Date('2027-02-02T07:00:00Z'))).toBe(false);
  });
});
