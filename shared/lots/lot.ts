/** A lot's life: scheduled (editable) → launching (accounts being created) → launched; or cancelled. */
export type LotState = 'scheduled' | 'launching' | 'launched' | 'cancelled';

export type LotSelection = { kind: 'institutions'; institutionCodes: string[] } | { kind: 'members'; memberIds: string[] };

export interface Lot {
  lotId: string;
  name: string;
  state: LotState;
  launchAt: string;
  selection: LotSelection;
  memberCount: number;
  /** Members handed to the account queue so far (the launch proceeds in paced waves). */
  enqueued: number;
  /** The last member id enqueued: where the next wave resumes. */
  cursor: string | null;
  createdBy: string;
  createdAt: string;
  launchedAt: string | null;
}
