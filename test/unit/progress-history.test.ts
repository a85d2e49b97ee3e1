import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import type { Institution } from '../../shared/institutions/institution';
import { noProgress, type ProgressCounts } from '../../shared/progress/progress-counters';
import {
  HISTORY_RETENTION_DAYS,
  type ProgressHistoryStore,
  type ProgressSnapshot,
  progressHistory,
  snapshotProgress,
} from '../../shared/progress/progress-history';
import { SNAPSHOT_TIME_UTC } from '../../web/src/desks/school/snapshot-time';
import { actorOf } from '../helpers/actors';

/** The registry and the counters in memory; the stored days keyed like the table (institution, day). */
function world(codes: string[], counters: Record<string, Partial<ProgressCounts>>) {
  const days = new Map<string, ProgressSnapshot & { expiresAt: Date }>();
  const reads: number[] = [];
  const history: ProgressHistoryStore = {
    async countersOf(asked) {
      reads.push(asked.length);
      return new Map(asked.map((c) => [c, { ...noProgress(), ...counters[c] }]));
    },
    async put(snapshots, expiresAt) {
      for (const s of snapshots) days.set(`${s.institutionCode}#${s.day}`, { ...s, expiresAt });
    },
    async between(code, from, to) {
      return [...days.values()]
        .filter((d) => d.institutionCode === code && d.day >= from && d.day <= to)
        .sort((a, b) => a.day.localeCompare(b.day));
    },
  };
  const institution = (code: string): Institution => ({ code, name: code, city: null, region: null, registeredAt: '', updatedAt: '' });
  const institutions = {
    async list(limit: number, cursor: string | undefined) {
      const start = cursor ? Number(cursor) : 0;
      const items = codes.slice(start, start + limit).map(institution);
      return { items, nextCursor: start + limit < codes.length ? String(start + limit) : null };
    },
  };
  return { days, reads, history, institutions };
}

const admin = (institution: string) => actorOf('getInstitutionProgressHistory', [{ role: 'school-admin', institution }]);

describe('the daily progress snapshot', () => {
  it('writes one item per registered institution for the clock’s UTC day, page after page, with the counters and a TTL', async () => {
    const codes = Array.from({ length: 7 }, (_, i) => `SCH${i}`);
    const w = world(codes, { SCH0: { pending: 3, activated: 2 }, SCH6: { notified: 1 } });
    const result = await snapshotProgress({ ...w, clock: fixedClock('2027-01-31T23:55:00Z') }, 3);
    expect(result).toEqual({ day: '2027-01-31', institutions: 7 });
    // Three pages (3 + 3 + 1): one counters read each, never a member.
    expect(w.reads).toEqual([3, 3, 1]);
    expect(w.days.size).toBe(7);
    const first = w.days.get('SCH0#2027-01-31');
    expect(first?.counts).toEqual({ ...noProgress(), pending: 3, activated: 2 });
    expect(first?.takenAt).toBe('2027-01-31T23:55:00.000Z');
    expect(first?.expiresAt.toISOString()).toBe(`${new Date(Date.UTC(2027, 0, 31 + HISTORY_RETENTION_DAYS)).toISOString()}`);
    expect(w.days.get('SCH1#2027-01-31')?.counts).toEqual(noProgress());
  });

  it('is idempotent for a day: a rerun overwrites that day with the counts of then, another day adds one', async () => {
    const counters: Record<string, Partial<ProgressCounts>> = { A: { pending: 5 } };
    const w = world(['A'], counters);
    await snapshotProgress({ ...w, clock: fixedClock('2027-02-01T08:00:00Z') });
    counters.A = { pending: 1, notified: 4 };
    await snapshotProgress({ ...w, clock: fixedClock('2027-02-01T23:55:00Z') });
    expect(w.days.size).toBe(1);
    expect(w.days.get('A#2027-02-01')?.counts).toEqual({ ...noProgress(), pending: 1, notified: 4 });
    await snapshotProgress({ ...w, clock: fixedClock('2027-02-02T23:55:00Z') });
    expect(w.days.size).toBe(2);
  });

  it('an empty registry writes nothing', async () => {
    const w = world([], {});
    expect(await snapshotProgress({ ...w, clock: fixedClock('2027-02-01T00:00:00Z') })).toEqual({ day: '2027-02-01', institutions: 0 });
    expect(w.reads).toEqual([]);
  });
});

describe('an institution’s progress history', () => {
  it('answers the last N UTC days by the clock, oldest first; days without a snapshot are absent', async () => {
    const w = world(['A', 'B'], { A: { pending: 2 } });
    for (const at of ['2027-03-01T23:55:00Z', '2027-03-03T23:55:00Z', '2027-03-10T23:55:00Z'])
      await snapshotProgress({ ...w, clock: fixedClock(at) });
    const answer = await progressHistory(admin('A'), 'A', 9, { history: w.history, clock: fixedClock('2027-03-10T09:00:00Z') });
    expect(answer.from).toBe('2027-03-02');
    expect(answer.to).toBe('2027-03-10');
    expect(answer.days.map((d) => d.day)).toEqual(['2027-03-03', '2027-03-10']);
    expect(answer.days[0]?.counts.pending).toBe(2);
    const one = await progressHistory(admin('A'), 'A', 1, { history: w.history, clock: fixedClock('2027-03-10T09:00:00Z') });
    expect(one.days.map((d) => d.day)).toEqual(['2027-03-10']);
  });

  it('refuses another institution’s school admin (403, nothing read)', async () => {
    const w = world(['A', 'B'], {});
    let asked = false;
    const history = {
      ...w.history,
      between: async () => {
        asked = true;
        return [];
      },
    };
    await expect(progressHistory(admin('B'), 'A', 30, { history, clock: fixedClock('2027-03-10T09:00:00Z') })).rejects.toMatchObject({
      status: 403,
    });
    expect(asked).toBe(false);
  });
});

it('the desks tell the snapshot time the catalog schedules (daily)', () => {
  const cron = SCHEDULES.find((s) => s.id === 'progress-snapshot')?.cron;
  expect(cron).toEqual({ minute: SNAPSHOT_TIME_UTC.slice(3), hour: String(Number(SNAPSHOT_TIME_UTC.slice(0, 2))) });
});
