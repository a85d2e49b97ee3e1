/**
 * A change of the person responsible for an institution mailbox — whose phone receives its
 * passwords — follows the approval pattern of a two-person reset request: an officer (or an
 * operator) files it with a reason, someone else who reaches the institution (an approver, another
 * officer, an operator) approves or rejects it within `RESET_APPROVAL_DAYS`, else it expires.
 *
 *   (filed) ──▶ awaiting-approval ──approve──▶ done      (the mailbox's responsible person moved, in the same transaction)
 *                      ├──reject──▶ rejected
 *                      └──N days──▶ expired            (lazily, when read, listed or decided)
 *
 * `awaiting-approval → done` is one transaction with the mailbox's move from the old person to the
 * new one, conditional on both: a change is applied exactly once, and never over another one
 * approved meanwhile.
 */
export const RESPONSIBLE_CHANGE_STATES = ['awaiting-approval', 'done', 'rejected', 'expired'] as const;
export type ResponsibleChangeState = (typeof RESPONSIBLE_CHANGE_STATES)[number];

export interface ResponsibleChange {
  changeId: string;
  state: ResponsibleChangeState;
  mailboxId: string;
  /** The mailbox's address, shown to whoever decides. */
  address: string;
  institutionCode: string;
  fromMemberId: string;
  toMemberId: string;
  /** Why, as the filing officer wrote it (kept on the request, not in the audit trail). */
  reason: string;
  filedBy: string;
  filedAt: string;
  approveBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Rejected: the decider's reason. */
  rejection: string | null;
}

export const isChangeOverdue = (c: Pick<ResponsibleChange, 'state' | 'approveBy'>, now: Date) =>
  c.state === 'awaiting-approval' && now.toISOString() >= c.approveBy;

/** The request as officers, approvers and operators see it (it holds no secret at all). */
export const responsibleChangeView = (c: ResponsibleChange) => ({
  changeId: c.changeId,
  state: c.state,
  mailboxId: c.mailboxId,
  address: c.address,
  institutionCode: c.institutionCode,
  fromMemberId: c.fromMemberId,
  toMemberId: c.toMemberId,
  reason: c.reason,
  filedBy: c.filedBy,
  filedAt: c.filedAt,
  approveBy: c.approveBy,
  decidedBy: c.decidedBy,
  decidedAt: c.decidedAt,
  rejection: c.rejection,
});
