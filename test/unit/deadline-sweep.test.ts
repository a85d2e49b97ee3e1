import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { addDays, fixedClock } from '../../shared/clock';
import type { DeadlineStore, DueEntry } from '../../shared/deadlines/deadline-store';
import { fileDeadline } from '../../shared/deadlines/file-deadline';
import { decide, type SweepDeps, sweepDeadlines } from '../../shared/deadlines/sweep';
import type { EmailMessage } from '../../shared/email/email-message';
import type { Member } from '../../shared/members/member';
import { loadProfile, type Profile } from '../../shared/profiles';

const tr = loadProfile('tr-meb');
const ru = loadProfile('ru-moscow');
const CHANGED = '2027-03-01T09:00:00.000Z';
const at = (days: number, base = CHANGED) => addDays(new Date(base), days);

function member(over: Partial<Member>, profile: Profile = tr): Member {
  const m: Member = {
    memberId: 'm1',
    nidHmac: 'x',
    nidLast3: '123',
    givenName: 'Ayşe',
    familyName: 'Yılmaz',
    phone: '+905321234567',
    institutionCode: 'OKUL1',
    category: 'teacher',
    oldAddress: null,
    alternateEmail: 'ayse@example.com.tr',
    locale: 'tr',
    address: 'ayse.yilmaz@meb.k12.tr',
    state: 'activated',
    rowHash: 'h',
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    importJobId: 'j',
    lotId: 'lot-1',
    temporaryPasswordSetAt: '2027-02-27T09:00:00.000Z',
    passwordChangedAt: CHANGED,
    ...over,
  };
  // Filed as every writer files it.
  return { ...m, ...fileDeadline(m.memberId, m, profile).set };
}

/** An in-memory directory with the DynamoDB store's conditions: state and `deadlineSk` as read. */
function fakeDirectory(initial: Member[]) {
  const byId = new Map(initial.map((m) => [m.memberId, structuredClone(m)]));
  const progress: Array<Record<string, number | undefined>> = [];
  let beforeSettle: ((m: Member) => void) | null = null;
  const deadlines: DeadlineStore = {
    async due(partition, until) {
      return [...byId.values()]
        .filter((m) => m.deadlinePk === partition && (m.deadlineSk as string) < `${until}$`)
        .map((m) => ({ memberId: m.memberId, deadlineSk: m.deadlineSk as string }));
    },
    async settle(seen, set, remove, moved) {
      const current = byId.get(seen.memberId);
      if (current && beforeSettle) {
        beforeSettle(current);
        beforeSettle = null;
      }
      if (!current || current.state !== seen.state || current.deadlineSk !== seen.deadlineSk) return false;
      Object.assign(current, structuredClone(set));
      for (const key of remove) delete current[key];
      if (moved) progress.push(moved.delta);
      return true;
    },
  };
  return {
    deadlines,
    members: { get: async (id: string) => structuredClone(byId.get(id)) ?? null },
    member: (id = 'm1') => byId.get(id) as Member,
    progress,
    /** Changes the stored member just before the next conditional write, as a concurrent writer would. */
    interfere: (fn: (m: Member) => void) => {
      beforeSettle = fn;
    },
  };
}

function harness(members: Member[], profile: Profile = tr) {
  const dir = fakeDirectory(members);
  const emails: EmailMessage[] = [];
  const sms: Array<{ phone: string; text: string }> = [];
  const audits: AuditEntry[] = [];
  const cognito = { disabled: [] as string[], enabled: [] as string[] };
  const run = (now: Date) => {
    const deps: SweepDeps = {
      deadlines: dir.deadlines,
      members: dir.members,
      accounts: {
        disableUser: async (u) => void cognito.disabled.push(u),
        enableUser: async (u) => void cognito.enabled.push(u),
      },
      sms: {
        send: async (phone, text) => {
          sms.push({ phone, text });
          return 'id';
        },
      },
      enqueueEmail: async (m) => void emails.push(m),
      audit: { record: async (e) => void audits.push(e) },
      profile,
      clock: fixedClock(now),
      runId: 'run-1',
    };
    return sweepDeadlines(deps);
  };
  return { dir, emails, sms, audits, cognito, run };
}

describe('deadline sweep: rotation (tr-meb 30 days, warnings 7/3/1)', () => {
  it('sends each warning once (email + SMS) even when run twice a day, then closes the account at 30 days', async () => {
    const h = harness([member({})]);
    for (const day of [22, 23, 23.5, 27, 27.5, 29, 29.5]) {
      await h.run(at(day));
      await h.run(at(day));
    }
    expect(h.emails.map((e) => [e.template, e.data.daysLeft, e.key])).toEqual([
      ['password-expiry-warning', 7, `pw-warning#m1#${CHANGED}#7`],
      ['password-expiry-warning', 3, `pw-warning#m1#${CHANGED}#3`],
      ['password-expiry-warning', 1, `pw-warning#m1#${CHANGED}#1`],
    ]);
    expect(h.sms.map((s) => s.text)).toEqual([
      expect.stringContaining('7 gün'),
      expect.stringContaining('3 gün'),
      expect.stringContaining('1 gün'),
    ]);
    expect(h.dir.member().passwordWarningsSent).toEqual([7, 3, 1]);
    expect(h.cognito.disabled).toEqual([]);

    const first = await h.run(at(30));
    const second = await h.run(at(30));
    expect(first).toMatchObject({ passwordExpired: 1, warningsSent: 0 });
    expect(second).toMatchObject({ passwordExpired: 0, read: 0 });
    expect(h.cognito.disabled).toEqual(['ayse.yilmaz@meb.k12.tr']);
    expect(h.dir.member()).toMatchObject({ state: 'password-expired' });
    expect(h.dir.member().deadlinePk).toBeUndefined();
    expect(h.emails.at(-1)).toMatchObject({ template: 'password-expired', to: 'ayse@example.com.tr' });
    expect(h.sms).toHaveLength(4);
    expect(h.dir.progress).toEqual([{ activated: -1, expired: 1 }]);
    expect(h.audits.map((a) => [a.action, a.target, a.details?.deadline])).toEqual([['member.password-expired', 'm1', 'password-expiry']]);
  });

  it('skips a deadline a password change moved between the index read and the write, and sends nothing', async () => {
    const h = harness([member({})]);
    h.dir.interfere((m) => {
      // The member changed the password: new facts, new keys (as record-password-event writes them).
      Object.assign(m, { passwordChangedAt: at(22.9).toISOString(), passwordWarningsSent: [] });
      Object.assign(m, fileDeadline(m.memberId, m, tr).set);
    });
    const result = await h.run(at(23));
    expect(result).toMatchObject({ warningsSent: 0, skipped: 1 });
    expect(h.emails).toEqual([]);
    expect(h.sms).toEqual([]);
  });

  it('does not act on an index entry the member no longer holds (eventually consistent index)', () => {
    const m = member({});
    const stale: DueEntry = { memberId: 'm1', deadlineSk: `2027-03-24T09:00:00.000Z#m1-old` };
    expect(decide(m, stale, tr, at(24))).toEqual({ kind: 'skip', reason: 'moved' });
    expect(decide(null, stale, tr, at(24))).toEqual({ kind: 'skip', reason: 'gone' });
  });

  it('catches up after missed days: one warning for the nearest passed offset, the earlier ones only marked', async () => {
    const h = harness([member({})]);
    // The sweep did not run from day 22 to day 28: the 7- and 3-day warnings both passed.
    const result = await h.run(at(28));
    expect(result).toMatchObject({ warningsSent: 1 });
    expect(h.emails.map((e) => e.data.daysLeft)).toEqual([3]);
    expect(h.dir.member().passwordWarningsSent).toEqual([7, 3]);
    expect(h.dir.member().deadlineSk).toBe(`${at(29).toISOString()}#m1`);
  });

  it('catches up past the expiry itself: closes without sending stale warnings', async () => {
    const h = harness([member({})]);
    const result = await h.run(at(31));
    expect(result).toMatchObject({ passwordExpired: 1, warningsSent: 0 });
    expect(h.emails.map((e) => e.template)).toEqual(['password-expired']);
  });

  it('a password changed after a warning starts a new rotation: warnings again for the new password', async () => {
    const h = harness([member({})]);
    await h.run(at(23));
    const changed = at(25).toISOString();
    Object.assign(h.dir.member(), { passwordChangedAt: changed, passwordWarningsSent: [] });
    Object.assign(h.dir.member(), fileDeadline('m1', h.dir.member(), tr).set);
    await h.run(at(26));
    expect(h.emails).toHaveLength(1);
    await h.run(at(23, changed));
    expect(h.emails.map((e) => e.key)).toEqual([`pw-warning#m1#${CHANGED}#7`, `pw-warning#m1#${changed}#7`]);
  });

  it('re-files keys that disagree with the facts instead of acting on them', async () => {
    const m = member({});
    // A writer set passwordChangedAt without moving the keys (the 7-day warning of the old password).
    const h = harness([{ ...m, passwordChangedAt: at(20).toISOString() }]);
    const result = await h.run(at(23));
    expect(result).toMatchObject({ refiled: 1, warningsSent: 0 });
    expect(h.dir.member().deadlineSk).toBe(`${at(43).toISOString()}#m1`);
    expect(h.emails).toEqual([]);
  });
});

describe('deadline sweep: temporary password (7 days)', () => {
  const temp = () =>
    member({
      state: 'notified',
      passwordChangedAt: undefined,
      temporaryPasswordSetAt: CHANGED,
      noticesSent: 1,
      duePk: 'NOTICE#x',
      dueSk: 'm1',
    });

  it('disables the user, closes the member, tells them by SMS and email how to get a new one — once', async () => {
    const h = harness([temp()]);
    expect((await h.run(at(6.9))).temporaryPasswordExpired).toBe(0);
    expect((await h.run(at(7))).temporaryPasswordExpired).toBe(1);
    expect((await h.run(at(7))).temporaryPasswordExpired).toBe(0);
    expect(h.cognito.disabled).toEqual(['ayse.yilmaz@meb.k12.tr']);
    expect(h.dir.member()).toMatchObject({ state: 'temp-password-expired' });
    expect(h.dir.member().duePk).toBeUndefined();
    expect(h.emails).toEqual([
      expect.objectContaining({
        template: 'temporary-password-expired',
        key: `temp-password-expired#m1#${CHANGED}`,
        data: expect.objectContaining({ tempPasswordDays: 7 }),
      }),
    ]);
    expect(h.sms).toEqual([{ phone: '+905321234567', text: expect.stringContaining('Geçici parola') }]);
    expect(h.dir.progress).toEqual([{ notified: -1, expired: 1 }]);
  });

  it('opens the account again when the write lost to a password change made meanwhile', async () => {
    const h = harness([temp()]);
    h.dir.interfere((m) => {
      Object.assign(m, { state: 'activated', passwordChangedAt: at(6.99).toISOString() });
      Object.assign(m, fileDeadline(m.memberId, m, tr).set);
    });
    const result = await h.run(at(7));
    expect(result).toMatchObject({ temporaryPasswordExpired: 0, skipped: 1 });
    expect(h.cognito).toEqual({ disabled: ['ayse.yilmaz@meb.k12.tr'], enabled: ['ayse.yilmaz@meb.k12.tr'] });
    expect(h.emails).toEqual([]);
    expect(h.sms).toEqual([]);
  });

  it('catches up: a deadline missed for a week is still found', async () => {
    const h = harness([temp()]);
    expect((await h.run(at(13))).temporaryPasswordExpired).toBe(1);
  });
});

describe('deadline sweep: activation window (ru-moscow 60 days)', () => {
  const invited = () =>
    member(
      {
        state: 'notified',
        locale: 'ru',
        passwordChangedAt: undefined,
        temporaryPasswordSetAt: undefined,
        activationWindowEndsAt: at(60).toISOString(),
        noticesSent: 1,
      },
      ru,
    );

  it('closes the window (activation-expired, counted, audited), with no Cognito call; the member is told once, by SMS and email', async () => {
    const h = harness([invited()], ru);
    expect((await h.run(at(59))).activationExpired).toBe(0);
    expect((await h.run(at(60))).activationExpired).toBe(1);
    expect((await h.run(at(60))).activationExpired).toBe(0);
    expect(h.dir.member()).toMatchObject({ state: 'activation-expired' });
    expect(h.cognito.disabled).toEqual([]);
    // Nobody was told before: a later activation attempt answered 202 and no SMS ever came.
    expect(h.emails.map((e) => [e.template, e.locale])).toEqual([['activation-window-closed', 'ru']]);
    expect(h.sms).toHaveLength(1);
    expect(h.sms[0]?.text).toContain('Срок активации почты истёк');
    expect(h.dir.progress).toEqual([{ notified: -1, expired: 1 }]);
    expect(h.audits.map((a) => a.action)).toEqual(['member.activation-expired']);
  });
});
