import { addDays } from '../clock';

/**
 * A delegated reset request's life:
 *
 *   (filed) ─recorded-form─▶ approved ──claim──▶ consuming ──▶ done
 *      └──two-person──▶ awaiting-approval ──approve──▶ approved
 *                            ├──reject──▶ rejected
 *                            └──N days──▶ expired
 *   consuming ──member/account not resettable, or an outage before any password──▶ approved (retry may finish it)
 *   consuming ──failure after the password step──▶ failed (file a new form)
 *   consuming ──claim never finished (a crash or timeout), seen 15 minutes on──▶ failed (file a new form)
 *
 * `approved → consuming` is the one conditional write that claims the request: whoever makes it
 * issues the password, everyone else (a concurrent approval, a retry) is told it is taken. So a
 * request is consumed exactly once.
 */
export type ResetRequestState = 'awaiting-approval' | 'approved' | 'consuming' | 'done' | 'rejected' | 'expired' | 'failed';

export const RESET_REQUEST_STATES = ['awaiting-approval', 'approved', 'consuming', 'done', 'rejected', 'expired', 'failed'] as const;

const NEXT: Record<ResetRequestState, readonly ResetRequestState[]> = {
  'awaiting-approval': ['approved', 'rejected', 'expired'],
  approved: ['consuming'],
  consuming: ['done', 'approved', 'failed'],
  done: [],
  rejected: [],
  expired: [],
  failed: [],
};

export function canMove(from: ResetRequestState, to: ResetRequestState): boolean {
  return NEXT[from].includes(to);
}

/** The states a move to `to` may start from (the store's write condition). */
export function statesBefore(to: ResetRequestState): ResetRequestState[] {
  return (Object.keys(NEXT) as ResetRequestState[]).filter((from) => canMove(from, to));
}

/**
 * Days a two-person request waits for its approver; after that it expires (lazily, when the
 * institution's requests are listed or the request is read or approved). A constant, not a profile
 * field: no ministry has asked for another value, and a stale signed form should be re-signed.
 */
export const RESET_APPROVAL_DAYS = 7;

/** The scan's allowed content types: what scanners and phones produce, and what browsers show inline. */
export const FORM_SCAN_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type FormScanType = (typeof FORM_SCAN_TYPES)[number];

/** The scan's limits: its size (checked after upload, at confirmation) and how long a presigned URL lives. */
export const FORM_SCAN_LIMITS = { maxBytes: 10 * 1024 * 1024, uploadUrlSeconds: 300, viewUrlSeconds: 300 } as const;

/** A confirmed scan of the signed form, as recorded on the request: never its URL. */
export interface FormScan {
  contentType: FormScanType;
  size: number;
  uploadedAt: string;
}

/**
 * Where a request's scan is stored: the institution and the request, nothing that names the member
 * (no national ID, no name), so a key seen in a log or an access log tells nobody whose form it is.
 */
export const formScanKey = (r: Pick<ResetRequest, 'institutionCode' | 'requestId'>) => `reset-forms/${r.institutionCode}/${r.requestId}`;

/** The paper form the member signed and the superior approved; it stays archived at the institution. */
export interface ResetForm {
  number: string;
  /** YYYY-MM-DD */
  signedOn: string;
  approverName: string;
  approverTitle: string;
  /** Where the paper is archived. */
  archivedAt: string;
  /** Its scan, once the officer uploaded and confirmed it. */
  scan?: FormScan;
}

/** As stored. Never a password: the credential leaves Posta only by SMS to the member. */
export interface ResetRequest {
  requestId: string;
  state: ResetRequestState;
  /** The member's id, or the institution mailbox's (`account`). */
  memberId: string;
  /** Absent: a staff member's account. An institution mailbox's password goes to its responsible person. */
  account?: 'institution-mailbox';
  /** The member's login, shown to the officer and approver. */
  address: string;
  institutionCode: string;
  form: ResetForm;
  /** `recorded-form` or `two-person`, as the profile said when the request was filed. */
  approval: 'recorded-form' | 'two-person';
  filedBy: string;
  filedAt: string;
  /** Two-person: the end of the approval window. */
  approveBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  completedAt: string | null;
  /** When the request was claimed (`approved → consuming`); absent on requests never claimed. */
  claimedAt?: string | null;
  /** After `done`: whether SNS took the SMS (false: the phone was refused, nobody got the password). */
  smsDelivered: boolean | null;
  /** The confirmed scan's ETag (internal): a scan overwritten after its confirmation is never shown as the confirmed one. */
  formScanEtag?: string;
}

export const approvalDeadline = (filedAt: Date) => addDays(filedAt, RESET_APPROVAL_DAYS).toISOString();

/** A two-person request still waiting past its window. */
export const isOverdue = (r: Pick<ResetRequest, 'state' | 'approveBy'>, now: Date) =>
  r.state === 'awaiting-approval' && r.approveBy !== null && now.toISOString() >= r.approveBy;

/**
 * Minutes after which a claim that never finished (the function crashed or timed out between
 * `consuming` and `done`) counts as interrupted — far past the API's 29-second limit, so the
 * claimer is surely gone. Whether a password and SMS went out is then unknown, so nothing is
 * re-sent: the request is settled as failed and the officer files a new form.
 */
export const CLAIM_TIMEOUT_MINUTES = 15;

/** A claim that started over `CLAIM_TIMEOUT_MINUTES` ago and never finished. */
export const isInterrupted = (r: Pick<ResetRequest, 'state' | 'claimedAt'>, now: Date) =>
  r.state === 'consuming' && typeof r.claimedAt === 'string' && now.getTime() - Date.parse(r.claimedAt) >= CLAIM_TIMEOUT_MINUTES * 60_000;
