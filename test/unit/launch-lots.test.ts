import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock';
import { launchDueLots, type ProvisionMessage } from '../../shared/lots/launch-lots';
import type { Lot, LotState } from '../../shared/lots/lot';
import type { LotStore } from '../../shared/lots/lot-store';

function lotWorld(memberCount: number, launchAt = '2027-01-31T08:00:00.000Z') {
  const lot: Lot = {
    lotId: 'l1',
    name: 'L',
    state: 'scheduled',
    launchAt,
    selection: { kind: 'members', memberIds: [] },
    memberCount,
    enqueued: 0,
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
  };
  const members = {
    lotMembers: async (_l: string, after: string | null, limit: number) => ids.filter((id) => after === null || id > after).slice(0, limit),
  };
  const sent: Array<{ message: ProvisionMessage; delay: number }> = [];
  const enqueue = async (message: ProvisionMessage, delay: number) => void sent.push({ message, delay });
  return { lot, lots, members, sent, enqueue };
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
    expect(w.lot).toMatchObject({ state: 'launched', enqueued: 250 });
    expect(new Set(w.sent.map((s) => s.message.memberId)).size).toBe(250);
    await launchDueLots({ ...deps, clock: fixedClock('2027-01-31T08:03:00Z') });
    expect(w.sent).toHaveLength(250);
  });
});
