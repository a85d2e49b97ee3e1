/**
 * A lot's life: scheduled (editable) → launching (accounts being created) → launched; or
 * cancelled, after which the launcher gives its members back to the pool (`releasedAt` set when done).
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
  createdBy: string;
  createdAt: string;
  launchedAt: string | null;
}
