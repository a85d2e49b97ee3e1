import { describe, expect, it } from 'vitest';
import { instantOf, wallClock } from '../src/desks/operator/launch-time';

describe('a lot’s launch time on the deployment’s clock', () => {
  it('turns a day and an hour in the zone into the instant, in winter and in summer', () => {
    expect(instantOf('2026/12/06', '09:00', 'Europe/Rome')).toBe('2026-12-06T08:00:00.000Z');
    expect(instantOf('2027-07-01', '09:30', 'Europe/Rome')).toBe('2027-07-01T07:30:00.000Z');
    expect(instantOf('2026-12-06', '09:00', 'Europe/Istanbul')).toBe('2026-12-06T06:00:00.000Z');
    expect(instantOf('2026-12-06', '00:15', 'Europe/Moscow')).toBe('2026-12-05T21:15:00.000Z');
  });

  it('takes the offset of the day itself across a daylight-saving change', () => {
    // Rome moves to summer time on 28 March 2027 at 02:00: 09:00 that day is UTC+2.
    expect(instantOf('2027-03-28', '09:00', 'Europe/Rome')).toBe('2027-03-28T07:00:00.000Z');
    expect(instantOf('2027-03-27', '09:00', 'Europe/Rome')).toBe('2027-03-27T08:00:00.000Z');
  });

  it('gives back the wall clock of an instant, and no instant for what is not a date or time', () => {
    expect(wallClock(new Date('2026-12-06T08:00:00Z'), 'Europe/Rome')).toEqual({ date: '2026-12-06', time: '09:00' });
    const at = instantOf('2027-01-31', '23:45', 'Europe/Istanbul') as string;
    expect(wallClock(new Date(at), 'Europe/Istanbul')).toEqual({ date: '2027-01-31', time: '23:45' });
    expect(instantOf('2027-02-30', '09:00', 'Europe/Rome')).toBeNull();
    expect(instantOf('2027-02-01', '24:00', 'Europe/Rome')).toBeNull();
    expect(instantOf('', '', 'Europe/Rome')).toBeNull();
  });
});
