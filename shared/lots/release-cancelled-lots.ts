import type { Clock } from '../clock';
import type { MemberStore } from '../members/member-store';
import type { LotStore } from './lot-store';

export interface ReleaseDeps {
  lots: Pick<LotStore, 'releasing' | 'recordRelease' | 'transition'>;
  members: Pick<MemberStore, 'lotEntries' | 'releaseFromLot'>;
  clock: Clock;
  /** Members released per lot per run. Releases go one by one (each moves the lot's counter item). */
  waveSize?: number;
}

/**
 * Gives the members of cancelled lots back to the pool, one wave per lot per launcher run, so a
 * cancelled lot of any size is released without a long loop in the HTTP call. Resumable and
 * idempotent: the lot's cursor says where the next wave starts, and each release is conditional
 * on the member still being in this lot and pending (a repeated wave releases nobody twice).
 * When a wave comes back short the lot leaves the `LOTS#releasing` index.
 */
export async function releaseCancelledLots(deps: ReleaseDeps) {
  const waveSize = deps.waveSize ?? 1000;
  const summary: Array<{ lotId: string; released: number; done: boolean }> = [];
  for (const lot of await deps.lots.releasing()) {
    const entries = await deps.members.lotEntries(lot.lotId, lot.cursor, waveSize);
    let released = 0;
    for (const entry of entries) if (await deps.members.releaseFromLot(entry, lot.lotId)) released++;
    const last = entries.at(-1);
    if (last) await deps.lots.recordRelease(lot.lotId, last.memberId, released);
    const done = entries.length < waveSize;
    if (done) await deps.lots.transition(lot.lotId, ['cancelled'], 'cancelled', { releasedAt: deps.clock.now().toISOString() });
    summary.push({ lotId: lot.lotId, released, done });
  }
  return summary;
}
