/**
 * A lot's life: scheduled (editable) → launching (accounts being created) → launched, once every
 * member reached a terminal launch state (notified or beyond: none pending or account-created);
 * or cancelled, after which the launcher gives its members back to the pool (`releasedAt` set when done).
 */
export type LotState = 'scheduled' | 'launching' | 'launched' | 'cancelled';

export type LotSelection =
  | { kind: 'institutions'; institutionCodes: string[] }
  | { kind: 'members'; memberIds: string[] }
  /** The `count` oldest pending members in no lot (the pool), across institutions. */
  | { kind: 'next-pending'; count: number };

export interface Lot {
  lotId: string;
  name: string;
  state: LotState;
  launchAt: string;
  selection: LotSelection;
  memberCount: number;
  /** Members handed to the account queue so far (the launch proceeds in paced waves). */
  enqueued: number;
  /** Members of a cancelled lot given back to the pool so far (the release proceeds in waves). */
  released: number;
  /** When a cancelled lot's release finished; null until then. */
  releasedAt: string | null;
  /** The last member id the launcher handled (enqueued, or released): where the next wave resumes. */
  cursor: string | null;
  /**
   * When the launcher handed the last wave to the queue. From then on each launcher run checks the
   * lot's counters and marks it `launched` when no member is still pending or account-created.
   */
  allEnqueuedAt?: string | null;
  /** When every member had reached a terminal launch state (the lot became `launched`). */
  completedAt?: string | null;
  createdBy: string;
  createdAt: string;
  launchedAt: string | null;
}
