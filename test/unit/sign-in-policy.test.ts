import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/clock';
import { decideSignIn } from '../../shared/identity/sign-in-policy';

const MINUTE = 60_000;
const set = '2026-03-01T09:00:00.000Z';
const at = (days: number, minutes = 0) => new Date(addDays(new Date(set), days).getTime() + minutes * MINUTE);
const tr = { temporaryPasswordDeadlineDays: 7, maxPasswordAgeDays: 30 };
const noRotation = { temporaryPasswordDeadlineDays: 7, maxPasswordAgeDays: null };

describe('decideSignIn (pre-authentication)', () => {
  it('lets a temporary password work until 6d23h59m and refuses it at 7d', () => {
    expect(decideSignIn({ temporaryPasswordSetAt: set }, tr, at(6, 23 * 60 + 59))).toEqual({ allow: true });
    expect(decideSignIn({ temporaryPasswordSetAt: set }, tr, at(7))).toEqual({
      allow: false,
      code: 'temporary_password_expired',
      since: '2026-03-08T09:00:00.000Z',
    });
  });

  it('lets a chosen password work on day 29 and refuses it at 30 days where the profile rotates', () => {
    expect(decideSignIn({ passwordChangedAt: set }, tr, at(29))).toEqual({ allow: true });
    expect(decideSignIn({ passwordChangedAt: set }, tr, at(29, 24 * 60 - 1))).toEqual({ allow: true });
    expect(decideSignIn({ passwordChangedAt: set }, tr, at(30))).toMatchObject({ allow: false, code: 'password_expired' });
  });

  it('never expires a chosen password where the profile has no maximum age', () => {
    expect(decideSignIn({ passwordChangedAt: set }, noRotation, at(3650))).toEqual({ allow: true });
  });

  it('judges the temporary password when it was issued after the last chosen one (a reset)', () => {
    const dates = { passwordChangedAt: '2026-01-01T00:00:00.000Z', temporaryPasswordSetAt: set };
    expect(decideSignIn(dates, tr, at(1))).toEqual({ allow: true });
    expect(decideSignIn(dates, tr, at(7))).toMatchObject({ code: 'temporary_password_expired' });
  });

  it('forgets the temporary password once a password was chosen after it', () => {
    const dates = { temporaryPasswordSetAt: set, passwordChangedAt: at(2).toISOString() };
    expect(decideSignIn(dates, tr, at(10))).toEqual({ allow: true });
    expect(decideSignIn(dates, tr, at(32))).toMatchObject({ code: 'password_expired' });
  });

  it('allows a user Posta holds no dates for (demo and staff accounts made by hand)', () => {
    expect(decideSignIn({}, tr, at(400))).toEqual({ allow: true });
  });
});
