import { describe, expect, it } from 'vitest';
import { DEADLINE_SHARDS, deadlineKeys, nextDeadline } from '../../shared/deadlines/next-deadline';

const tr = { temporaryPasswordDeadlineDays: 7, maxPasswordAgeDays: 30, expiryWarningDays: [1, 7, 3] };
const ru = { temporaryPasswordDeadlineDays: 7, maxPasswordAgeDays: null, expiryWarningDays: [] };

describe('nextDeadline', () => {
  it('an invited member without an account: the activation window', () => {
    expect(nextDeadline({ state: 'notified', activationWindowEndsAt: '2027-03-01T00:00:00.000Z' }, ru)).toEqual({
      kind: 'activation-window',
      at: '2027-03-01T00:00:00.000Z',
    });
  });

  it('a temporary password not yet replaced: its deadline, whatever else is set', () => {
    const m = {
      state: 'notified' as const,
      temporaryPasswordSetAt: '2027-01-01T10:00:00.000Z',
      activationWindowEndsAt: '2027-03-01T00:00:00.000Z',
    };
    expect(nextDeadline(m, ru)).toEqual({ kind: 'temporary-password', at: '2027-01-08T10:00:00.000Z' });
  });

  it('a chosen password in a rotating profile: the warnings largest first, then the expiry', () => {
    const base = {
      state: 'activated' as const,
      passwordChangedAt: '2027-01-01T00:00:00.000Z',
      temporaryPasswordSetAt: '2026-12-30T00:00:00.000Z',
    };
    expect(nextDeadline(base, tr)).toEqual({ kind: 'password-warning', at: '2027-01-24T00:00:00.000Z', warningDays: 7 });
    expect(nextDeadline({ ...base, passwordWarningsSent: [7] }, tr)).toMatchObject({ warningDays: 3, at: '2027-01-28T00:00:00.000Z' });
    expect(nextDeadline({ ...base, passwordWarningsSent: [7, 3, 1] }, tr)).toEqual({
      kind: 'password-expiry',
      at: '2027-01-31T00:00:00.000Z',
    });
  });

  it('nothing for a chosen password where the profile does not rotate, nor for a closed account', () => {
    expect(nextDeadline({ state: 'activated', passwordChangedAt: '2027-01-01T00:00:00.000Z' }, ru)).toBeNull();
    expect(nextDeadline({ state: 'password-expired', passwordChangedAt: '2027-01-01T00:00:00.000Z' }, tr)).toBeNull();
    expect(nextDeadline({ state: 'pending' }, tr)).toBeNull();
  });
});

describe('deadlineKeys', () => {
  it('files the deadline under its UTC day and a stable shard, sorted by instant', () => {
    const keys = deadlineKeys('m-1', { kind: 'password-expiry', at: '2027-01-31T00:00:00.000Z' });
    expect(keys?.deadlinePk).toMatch(new RegExp(`^DEADLINE#2027-01-31#[0-${DEADLINE_SHARDS - 1}]$`));
    expect(keys?.deadlineSk).toBe('2027-01-31T00:00:00.000Z#m-1');
    expect(deadlineKeys('m-1', { kind: 'password-warning', at: '2027-01-24T00:00:00.000Z' })?.deadlinePk.split('#')[2]).toBe(
      keys?.deadlinePk.split('#')[2],
    );
    expect(deadlineKeys('m-1', null)).toBeNull();
  });

  it('spreads members over the shards', () => {
    const shards = new Set(
      Array.from(
        { length: 200 },
        (_, i) => deadlineKeys(`m-${i}`, { kind: 'password-expiry', at: '2027-01-31T00:00:00.000Z' })?.deadlinePk,
      ),
    );
    expect(shards.size).toBe(DEADLINE_SHARDS);
  });
});
