import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { launchDueLots, type ProvisionMessage } from '../../shared/lots/launch-lots';
import type { Lot, LotState } from '../../shared/lots/lot';
import type { LotStore } from '../../shared/lots/lot-store';
import { resumeLot } from '../../shared/lots/lot-use-cases';
import { releaseCancelledLots } from '../../shared/lots/release-cancelled-lots';
import { noProgress, type ProgressCounts } from '../../shared/progress/progress-counters';

function lotWorld(memberCount: number, launchAt = '2027-01-31T08:00:00.000Z') {
  const lot: Lot = {
    lotId: 'l1',
    name: 'L',
    state: 'scheduled',
    launchAt,
    selection: { kind: 'members', memberIds: [] },
    memberCount,
    enqueued: 0,
    released: 0,
    releasedAt: null,
    cursor: null,
    createdBy: 'op',
    createdAt: '',
    launchedAt: null,
  };
  const ids = Array.from({ length: memberCount }, (_, i) => `m-${String(i).padStart(24, '0')}`);
  const lots: LotStore = {
    create: async () => undefined,
    get: async () => ({ ...lot }),
    list: async () => ({ items: [lot], nextCursor: null }),
    due: async (state, until) => (lot.state === state && lot.launchAt <= until ? [{ ...lot }] : []),
    nextScheduled: async (after) => (lot.state === 'scheduled' && lot.launchAt > after ? { ...lot } : null),
    async transition(_id, from, to, set = {}) {
      if (!from.includes(lot.state)) return false;
      Object.assign(lot, set, { state: to as LotState });
      return true;
    },
    async recordWave(_id, cursor, n) {
      lot.cursor = cursor;
      lot.enqueued += n;
    },
    releasing: async () => (lot.state === 'cancelled' && !lot.releasedAt ? [{ ...lot }] : []),
    async recordRelease(_id, cursor, n) {
      lot.cursor = cursor;
      lot.released += n;
    },
  };
  const members = {
    lotMembers: async (_l: string, after: string | null, limit: number) => ids.filter((id) => after === null || id > after).slice(0, limit),
  };
  const sent: Array<{ message: ProvisionMessage; delay: number }> = [];
  const enqueue = async (message: ProvisionMessage, delay: number) => void sent.push({ message, delay });
  /** The lot's counters: every member notified unless a test leaves some on their way. */
  const counts: ProgressCounts = { ...noProgress(), notified: memberCount };
  const progress = async () => ({ ...counts });
  return { lot, lots, members, sent, enqueue, counts, progress };
}

describe('launchDueLots', () => {
  it('waits for the launch time', async () => {
    const w = lotWorld(5);
    expect(await launchDueLots({ ...w, clock: fixedClock('2027-01-31T07:59:59Z'), perSecond: 40 })).toEqual([]);
    expect(w.lot.state).toBe('scheduled');
  });

  it('feeds members in paced waves: never more than perSecond messages due in any second', async () => {
    const w = lotWorld(250);
    const deps = { ...w, perSecond: 2, waveSeconds: 60 };
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:00:00Z') });
    expect(w.sent).toHaveLength(120);
    expect(w.lot.state).toBe('launching');
    const perSecond = new Map<number, number>();
    for (const s of w.sent) perSecond.set(s.delay, (perSecond.get(s.delay) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBe(2);
    expect(Math.max(...w.sent.map((s) => s.delay))).toBe(59);
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:01:00Z') });
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:02:00Z') });
    // Every member handed over: still launching until the counters say each one is done.
    expect(w.lot).toMatchObject({ state: 'launching', enqueued: 250, allEnqueuedAt: '2027-01-31T08:02:00.000Z' });
    expect(new Set(w.sent.map((s) => s.message.memberId)).size).toBe(250);
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:03:00Z') });
    expect(w.lot).toMatchObject({ state: 'launched', completedAt: '2027-01-31T08:03:00.000Z' });
    expect(w.sent).toHaveLength(250);
  });

  it('stays launching while a member is pending or account-created (a message retrying or dead-lettered), launched once none is', async () => {
    const w = lotWorld(3);
    Object.assign(w.counts, { pending: 1, accountCreated: 1, notified: 1 });
    const deps = { ...w, perSecond: 40 };
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:00:00Z') });
    const waiting = await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:01:00Z') });
    expect(waiting).toEqual([{ lotId: 'l1', enqueued: 0, done: false, outstanding: 2 }]);
    expect(w.lot.state).toBe('launching');
    Object.assign(w.counts, { pending: 0, accountCreated: 0, notified: 3 });
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:02:00Z') });
    expect(w.lot.state).toBe('launched');
    expect(w.sent).toHaveLength(3);
  });
});

/** A cancelled lot of `size` members, with a member table the release writes to. */
function cancelledWorld(size: number) {
  const w = lotWorld(size);
  w.lot.state = 'cancelled';
  const ids = Array.from({ length: size }, (_, i) => `m-${String(i).padStart(24, '0')}`);
  const table = new Map(ids.map((id) => [id, { lotId: 'l1' as string | undefined, state: 'pending', pool: false }]));
  let lotPending = size;
  const writes = { releases: 0 };
  const members = {
    // As the index shows them: members still in the lot, in id order, after the cursor.
    lotEntries: async (_l: string, after: string | null, limit: number) =>
      ids
        .filter((id) => table.get(id)?.lotId === 'l1' && (after === null || id > after))
        .slice(0, limit)
        .map((memberId) => ({ memberId, createdAt: '2027-01-01T00:00:00.000Z' })),
    async releaseFromLot(entry: { memberId: string }, lotId: string) {
      const m = table.get(entry.memberId);
      if (m?.lotId !== lotId || m.state !== 'pending') return false;
      Object.assign(m, { lotId: undefined, pool: true });
      lotPending--;
      writes.releases++;
      return true;
    },
  };
  return { ...w, members, table, writes, pending: () => lotPending };
}

describe('releaseCancelledLots', () => {
  const at = (minute: number) => fixedClock(`2027-01-31T08:0${minute}:00Z`);

  it('gives a cancelled lot back to the pool in waves, then leaves the releasing index', async () => {
    const w = cancelledWorld(25);
    expect(await releaseCancelledLots({ ...w, clock: at(0), waveSize: 10 })).toEqual([{ lotId: 'l1', released: 10, done: false }]);
    expect(w.lot).toMatchObject({ state: 'cancelled', released: 10, releasedAt: null });
    await releaseCancelledLots({ ...w, clock: at(1), waveSize: 10 });
    expect(await releaseCancelledLots({ ...w, clock: at(2), waveSize: 10 })).toEqual([{ lotId: 'l1', released: 5, done: true }]);
    expect(w.lot).toMatchObject({ released: 25, releasedAt: '2027-01-31T08:02:00.000Z' });
    expect([...w.table.values()].every((m) => m.pool && m.lotId === undefined)).toBe(true);
    expect(w.pending()).toBe(0);
    // Released: the lot is no longer due, a further run does nothing.
    expect(await releaseCancelledLots({ ...w, clock: at(3), waveSize: 10 })).toEqual([]);
    expect(w.writes.releases).toBe(25);
  });

  it('is resumable and idempotent: a wave repeated after a crash releases nobody twice', async () => {
    const w = cancelledWorld(12);
    const cursorBefore = w.lot.cursor;
    await releaseCancelledLots({ ...w, clock: at(0), waveSize: 5 });
    // The run "crashed" before recording its cursor: the next run starts from the old one.
    w.lot.cursor = cursorBefore;
    w.lot.released = 0;
    await releaseCancelledLots({ ...w, clock: at(1), waveSize: 5 });
    await releaseCancelledLots({ ...w, clock: at(2), waveSize: 5 });
    await releaseCancelledLots({ ...w, clock: at(3), waveSize: 5 });
    expect(w.writes.releases).toBe(12);
    expect(w.pending()).toBe(0);
    expect(w.lot.releasedAt).not.toBeNull();
  });

  it('skips a member that is no longer pending (it stays in the lot) and still finishes', async () => {
    const w = cancelledWorld(6);
    const stuck = w.table.get(`m-${'0'.repeat(23)}2`);
    if (stuck) stuck.state = 'notified';
    await releaseCancelledLots({ ...w, clock: at(0), waveSize: 4 });
    const last = await releaseCancelledLots({ ...w, clock: at(1), waveSize: 4 });
    expect(last).toEqual([{ lotId: 'l1', released: 2, done: true }]);
    expect(w.lot.released).toBe(5);
    expect(stuck?.lotId).toBe('l1');
  });

  it('leaves scheduled and launching lots alone', async () => {
    const w = cancelledWorld(3);
    w.lot.state = 'scheduled';
    expect(await releaseCancelledLots({ ...w, clock: at(0) })).toEqual([]);
    expect(w.writes.releases).toBe(0);
  });
});

describe('resumeLot', () => {
  const operator = { sub: 'op-1', roles: ['operator'], scope: { institution: null, region: null } } as never;
  const deps = (w: ReturnType<typeof lotWorld>, audit: unknown[]) => ({
    lots: w.lots,
    progress: w.progress,
    audit: { record: async (e: unknown) => void audit.push(e) },
    clock: fixedClock('2027-01-31T09:00:00Z'),
    requestId: 'req-1',
  });

  it('walks a stalled lot again from the start, audited; the launcher then re-feeds it', async () => {
    const w = lotWorld(3);
    Object.assign(w.counts, { pending: 2, notified: 1 });
    const launch = { ...w, perSecond: 40 };
    await launchDueLots({ ...launch, clock: fixedClock('2027-01-31T08:00:00Z') });
    await launchDueLots({ ...launch, clock: fixedClock('2027-01-31T08:01:00Z') });
    const audit: unknown[] = [];
    const resumed = await resumeLot('l1', operator, deps(w, audit));
    expect(resumed).toMatchObject({ state: 'launching', cursor: null, enqueued: 0, allEnqueuedAt: null, progress: { pending: 2 } });
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'op-1', action: 'lot.resumed', target: 'l1', details: expect.objectContaining({ pending: 2 }) }),
    ]);
    await launchDueLots({ ...launch, clock: fixedClock('2027-01-31T09:01:00Z') });
    expect(w.sent).toHaveLength(6);
  });

  it('refuses a lot that has not launched, or one launched with every member done', async () => {
    const scheduled = lotWorld(2);
    await expect(resumeLot('l1', operator, deps(scheduled, []))).rejects.toMatchObject({ status: 409, code: 'lot_not_resumable' });
    const done = lotWorld(2);
    done.lot.state = 'launched';
    await expect(resumeLot('l1', operator, deps(done, []))).rejects.toMatchObject({ status: 409, code: 'lot_complete' });
  });

  it('puts a lot launched before the rule, with members missing, back to launching', async () => {
    const w = lotWorld(2);
    w.lot.state = 'launched';
    Object.assign(w.counts, { accountCreated: 1, notified: 1 });
    expect(await resumeLot('l1', operator, deps(w, []))).toMatchObject({ state: 'launching' });
  });
});
