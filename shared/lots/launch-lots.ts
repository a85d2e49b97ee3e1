import type { Clock } from '../clock';
import type { DeliveryReceipt } from '../delivery/delivery-claims';
import type { MemberStore } from '../members/member-store';
import type { ProgressCounts } from '../progress/progress-counters';
import type { LotStore } from './lot-store';

export interface ProvisionMessage {
  lotId: string;
  memberId: string;
  /** A follow-up after the member's SMS went out but could not be marked sent (see issueTemporaryPasswordOnce). */
  receipt?: DeliveryReceipt;
}

/**
 * The provision queue's other message: send (or re-send) one member's activation notice, asked
 * for by a school admin or operator (`requestedBy`, `requestId` for the audit trail).
 */
export interface ActivationNoticeMessage {
  kind: 'activation-notice';
  memberId: string;
  requestedBy: string;
  role: string;
  requestId: string;
}

/** What travels on the provision queue: a lot member to provision, or an activation notice. */
export type ProvisionQueueMessage = ProvisionMessage | ActivationNoticeMessage;

export interface LaunchDeps {
  lots: LotStore;
  members: Pick<MemberStore, 'lotMembers'>;
  /** Sends one account-creation message, delivered after `delaySeconds` (≤ 900). */
  enqueue(message: ProvisionMessage, delaySeconds: number): Promise<void>;
  clock: Clock;
  /** Accounts per second (the profile's pace, ≤ 80% of Cognito's AdminCreateUser quota). */
  perSecond: number;
  /** Seconds between launcher runs: one wave fills exactly this window at the pace. */
  waveSeconds?: number;
  /** The lot's progress counters (written with every member's state change). */
  progress(lotId: string): Promise<ProgressCounts>;
}

/** Members of a lot still on their way: not yet at a terminal launch state. */
export const outstanding = (counts: Pick<ProgressCounts, 'pending' | 'accountCreated'>) => counts.pending + counts.accountCreated;

/**
 * The launcher, run every minute: lots whose time has come start launching, and each launching
 * lot hands its next wave of members to the account queue, spread over the minute at the
 * configured pace with per-message delays, so Cognito never sees more than `perSecond` creations
 * a second however large the lot. No loop inside one Lambda creates accounts. A lot whose members
 * are all handed over stays `launching` (with `allEnqueuedAt`) until its counters show no member
 * pending or account-created — a member whose message is still retrying, or dead-lettered and
 * waiting for the redrive, keeps it there — so `launched` always means done.
 */
export async function launchDueLots(deps: LaunchDeps) {
  const now = deps.clock.now().toISOString();
  const waveSeconds = deps.waveSeconds ?? 60;
  const waveSize = deps.perSecond * waveSeconds;
  for (const lot of await deps.lots.due('scheduled', now)) {
    await deps.lots.transition(lot.lotId, ['scheduled'], 'launching', { launchedAt: now });
  }
  const summary: Array<{ lotId: string; enqueued: number; done: boolean; outstanding?: number }> = [];
  for (const lot of await deps.lots.due('launching', now)) {
    if (lot.allEnqueuedAt) {
      const left = outstanding(await deps.progress(lot.lotId));
      if (left === 0) await deps.lots.transition(lot.lotId, ['launching'], 'launched', { completedAt: now });
      summary.push({ lotId: lot.lotId, enqueued: 0, done: left === 0, outstanding: left });
      continue;
    }
    const ids = await deps.members.lotMembers(lot.lotId, lot.cursor, waveSize);
    for (const [i, memberId] of ids.entries()) await deps.enqueue({ lotId: lot.lotId, memberId }, Math.floor(i / deps.perSecond));
    const last = ids.at(-1);
    if (last) await deps.lots.recordWave(lot.lotId, last, ids.length);
    // The last wave: from the next run on, the lot waits for its members' outcomes.
    if (ids.length < waveSize) await deps.lots.transition(lot.lotId, ['launching'], 'launching', { allEnqueuedAt: now });
    summary.push({ lotId: lot.lotId, enqueued: ids.length, done: false });
  }
  return summary;
}
