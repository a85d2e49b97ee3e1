import { fixedClock } from '../../shared/clock';
import { launchDueLots, type ProvisionMessage } from '../../shared/lots/launch-lots';
import type { Lot, LotState } from '../../shared/lots/lot';
import type { LotStore } from '../../shared/lots/lot-store';
import { loadProfile } from '../../shared/profiles';
import { noProgress } from '../../shared/progress/progress-counters';
import { atLeast, lessThanOrEqual, type Row } from '../report';

const MEMBERS = 5_000;
const LAUNCH_AT = '2027-01-31T08:00:00.000Z';

/** One scheduled lot of `MEMBERS` members, held in memory: the launcher's store ports, nothing more. */
function oneLot() {
  const lot: Lot = {
    lotId: 'bench-lot',
    name: 'bench',
    state: 'scheduled',
    launchAt: LAUNCH_AT,
    selection: { kind: 'next-pending', count: MEMBERS },
    memberCount: MEMBERS,
    enqueued: 0,
    released: 0,
    releasedAt: null,
    cursor: null,
    createdBy: 'bench',
    createdAt: LAUNCH_AT,
    launchedAt: null,
  };
  const ids = Array.from({ length: MEMBERS }, (_, i) => `m-${String(i).padStart(24, '0')}`);
  const lots: Pick<LotStore, 'due' | 'transition' | 'recordWave'> = {
    due: async (state, until) => (lot.state === state && lot.launchAt <= until ? [{ ...lot }] : []),
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
  return { lot, lots: lots as LotStore, members };
}

/**
 * Figure 4b: Cognito account-creation pacing. The `launch-lots` schedule (every minute) is run
 * minute after minute over a 5,000-member lot with a fake queue that records when each
 * provision message becomes visible (run time + its delay). Achieved = members ÷ seconds from
 * launch to the last message due; the busiest second must stay within the configured rate.
 */
export async function accountPacingFigure(): Promise<Row[]> {
  const profile = loadProfile('it-miur');
  const perSecond = profile.accountCreationPerSecond;
  const { lot, lots, members } = oneLot();
  const dueAt: number[] = [];
  const seen = new Set<string>();
  let minute = 0;
  for (; lot.state !== 'launched' && minute < 60; minute++) {
    const runAt = minute * 60;
    await launchDueLots({
      lots,
      members,
      perSecond,
      clock: fixedClock(new Date(Date.parse(LAUNCH_AT) + runAt * 1000)),
      enqueue: async (message: ProvisionMessage, delaySeconds: number) => {
        seen.add(message.memberId);
        dueAt.push(runAt + delaySeconds);
      },
      // Every member provisioned at once: the lot is launched on the run after its last wave.
      progress: async () => noProgress(),
    });
  }
  const perSecondCounts = new Map<number, number>();
  for (const s of dueAt) perSecondCounts.set(s, (perSecondCounts.get(s) ?? 0) + 1);
  const busiest = Math.max(...perSecondCounts.values());
  // Messages due in second s are created during [s, s + 1): the last one is done by max + 1.
  const span = Math.max(...dueAt) + 1;
  const achieved = seen.size / span;
  return [
    atLeast(
      'pacing',
      `${MEMBERS}-member lot: account creations/s achieved (${seen.size} in ${span} s, ${minute} launcher runs)`,
      achieved,
      'accounts/s',
      0.95 * perSecond,
      `≥ 0.95 × ${perSecond} configured`,
    ),
    lessThanOrEqual('pacing', `busiest second: creations due / configured (${busiest} / ${perSecond})`, busiest / perSecond, '×', 1),
  ];
}
