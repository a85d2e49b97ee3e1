import type { ImportedFields } from '../members/member';
import type { ValidStaffRow } from '../staff';

/**
 * A late request's life:
 *
 *   awaiting-code ──code ok──▶ awaiting-approval ──approve──▶ approving ──▶ approved
 *        │  │                        └──reject──▶ rejected
 *        │  └──5 wrong codes──▶ locked
 *        └──code ok, but the person is already a member──▶ duplicate
 *                                        approving ──member cannot be created──▶ awaiting-approval
 *
 * `approving` is held while the member is created and put into a lot, so a reject cannot slip
 * in half-way; an approval interrupted there may be repeated and finishes the same way.
 */
export type LateRequestState = 'awaiting-code' | 'awaiting-approval' | 'approving' | 'approved' | 'rejected' | 'locked' | 'duplicate';

const NEXT: Record<LateRequestState, readonly LateRequestState[]> = {
  'awaiting-code': ['awaiting-approval', 'locked', 'duplicate'],
  'awaiting-approval': ['approving', 'rejected'],
  // Back to awaiting-approval when the member cannot be created (address taken, already there).
  approving: ['approving', 'approved', 'awaiting-approval'],
  approved: [],
  rejected: [],
  locked: [],
  duplicate: [],
};

export function canMove(from: LateRequestState, to: LateRequestState): boolean {
  return NEXT[from].includes(to);
}

/** The states a move to `to` may start from (the store's write condition). */
export function statesBefore(to: LateRequestState): LateRequestState[] {
  return (Object.keys(NEXT) as LateRequestState[]).filter((from) => canMove(from, to));
}

/** Requests that answer no code within a day are dropped by TTL. */
export const UNVERIFIED_TTL_SECONDS = 86_400;

/**
 * As stored. The national ID only as its keyed HMAC (and member id) plus the last 3
 * characters; the phone in E.164 because the code and, later, the password go to it.
 */
export interface LateRequest extends ImportedFields {
  requestId: string;
  state: LateRequestState;
  memberId: string;
  nidHmac: string;
  nidLast3: string;
  newAddress: ValidStaffRow['newAddress'];
  createdAt: string;
  verifiedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  /** After approval: the lot the member joined, or null (still in the pool for a later lot). */
  lotId: string | null;
  /** After approval: the member's new address, as the status token's holder is told (absent on older requests). */
  address?: string | null;
}

/** The subject under which a request's code is stored and hashed. */
export const otpSubject = (requestId: string) => `late-request:${requestId}`;
