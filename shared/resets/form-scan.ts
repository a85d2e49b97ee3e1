import type { AuditLog } from '../audit/audit-log';
import { type Actor, mayActOnInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, DomainError, NotFoundError, PayloadTooLargeError } from '../errors';
import {
  FORM_SCAN_LIMITS,
  FORM_SCAN_TYPES,
  type FormScan,
  type FormScanType,
  formScanKey,
  type ResetRequest,
  type ResetRequestState,
} from './reset-request';
import type { ResetRequestStore } from './reset-request-store';
import { type Attempt, auditStep, loadResetRequest, outOfScope, refuse, resetRequestView } from './reset-use-cases';

/** What an uploaded object is, as the storage reports it. */
export interface StoredScan {
  size: number;
  contentType: string | null;
  etag: string | null;
}

/** The port to the form-scan bucket (the adapter: shared/resets/s3-form-scan-storage.ts). */
export interface FormScanStorage {
  /** A PUT URL whose signature binds the content type and the size: S3 refuses an upload of another type or length. */
  presignPut(key: string, contentType: FormScanType, size: number, seconds: number): Promise<string>;
  /** A GET URL answering with the scan's content type, shown inline (a new tab) with a neutral file name. */
  presignGet(key: string, contentType: FormScanType, seconds: number): Promise<string>;
  /** The uploaded object, or null when nothing is there. */
  head(key: string): Promise<StoredScan | null>;
  /** Its first `count` bytes (fewer when it is shorter): enough to see what kind of file it is. */
  firstBytes(key: string, count: number): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

export interface FormScanDeps {
  requests: ResetRequestStore;
  scans: FormScanStorage;
  audit: AuditLog;
  clock: Clock;
}

/** A request that can no longer be acted on has nothing to attach a form to. */
const CLOSED: readonly ResetRequestState[] = ['rejected', 'expired', 'failed'];

const isScanType = (type: string | null): type is FormScanType => (FORM_SCAN_TYPES as readonly string[]).includes(type ?? '');

/** How many leading bytes `isFileOfType` reads: where a PDF's header may be. */
export const SIGNATURE_BYTES = 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/**
 * Whether the file's first bytes are those its declared type begins with, by each format's
 * published rule — so a page or a script uploaded as "application/pdf" is never handed to an approver:
 * - PDF: the header `%PDF-` (ISO 32000-1:2008 §7.5.2), which readers accept anywhere in the first
 *   1024 bytes (PDF Reference 1.7, Appendix H, implementation note 13) — some scanners put bytes before it;
 * - PNG: the 8-byte signature 137 80 78 71 13 10 26 10 (PNG, W3C 2nd edition, §5.2);
 * - JPEG: the SOI marker FF D8 followed by another marker's FF (ITU-T T.81, Annex B.1.1.2–B.2).
 */
export function isFileOfType(type: FormScanType, bytes: Uint8Array): boolean {
  if (type === 'image/png') return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (type === 'image/jpeg') return startsWith(bytes, [0xff, 0xd8, 0xff]);
  return new TextDecoder('latin1').decode(bytes.subarray(0, SIGNATURE_BYTES)).includes('%PDF-');
}

/** The request, if the actor may act on its institution (403 `institution_out_of_scope`, audited, otherwise). */
async function requestFor(requestId: string, actor: Actor, attempt: Attempt, deps: FormScanDeps, httpRequestId: string) {
  const request = await loadResetRequest(requestId, deps, httpRequestId);
  if (!mayActOnInstitution(actor, request.institutionCode)) {
    await refuse(deps, actor, attempt, { id: request.requestId, institution: request.institutionCode }, httpRequestId, outOfScope());
  }
  return request;
}

/** The scan can still be uploaded: the request is open (or done) and has no confirmed scan yet. */
function assertOpenForScan(request: ResetRequest) {
  if (CLOSED.includes(request.state)) {
    throw new ConflictError(`A ${request.state} request takes no form scan: file a new form`, 'reset_request_closed');
  }
  if (request.form.scan) {
    throw new ConflictError('This request’s form scan is already confirmed; it is never replaced', 'form_scan_already_attached');
  }
}

// The texts of `form_scan_too_large` say 10 MB: FORM_SCAN_LIMITS.maxBytes.
const tooLarge = (size: number) =>
  new PayloadTooLargeError(`The scan is ${size} bytes; the limit is ${FORM_SCAN_LIMITS.maxBytes}`, 'form_scan_too_large');

/**
 * An officer of the request's institution gets a presigned PUT URL for the signed form's scan.
 * The content type (PDF, PNG or JPEG; the schema refuses others) and the size the officer's file
 * has (413 `form_scan_too_large` above the limit) are bound in the signature. Nothing is recorded
 * until the officer confirms (`confirmFormScan`), which checks the stored object again: a storage
 * that does not check signatures (the local emulator) must not let a larger file through either.
 * Allowed while the request is open or done (a recorded-form
 * profile consumes the request at filing, so there the scan follows the reset), not once it is
 * rejected, expired or failed, nor once a scan is confirmed.
 */
export async function openFormScanUpload(
  requestId: string,
  input: { contentType: FormScanType; size: number },
  actor: Actor,
  deps: FormScanDeps,
  httpRequestId: string,
) {
  const request = await requestFor(requestId, actor, 'reset-request.form-scan.upload', deps, httpRequestId);
  assertOpenForScan(request);
  if (input.size > FORM_SCAN_LIMITS.maxBytes) throw tooLarge(input.size);
  const now = deps.clock.now();
  const url = await deps.scans.presignPut(formScanKey(request), input.contentType, input.size, FORM_SCAN_LIMITS.uploadUrlSeconds);
  return {
    requestId: request.requestId,
    upload: {
      method: 'PUT' as const,
      url,
      headers: { 'content-type': input.contentType },
      expiresAt: new Date(now.getTime() + FORM_SCAN_LIMITS.uploadUrlSeconds * 1000).toISOString(),
    },
    limits: { maxBytes: FORM_SCAN_LIMITS.maxBytes, contentTypes: [...FORM_SCAN_TYPES] },
  };
}

/**
 * The officer confirms the upload: the stored object must be there (409 `form_scan_upload_missing`), of an
 * allowed type whose first bytes say it is one (415 `form_scan_type_unsupported`) and at most `FORM_SCAN_LIMITS.maxBytes` (413
 * `form_scan_too_large`); a refused object is deleted at once. The request then records
 * `form.scan` (type, size, time; no URL) once, and the audit trail `reset-request.form-scan-attached`.
 */
export async function confirmFormScan(requestId: string, actor: Actor, deps: FormScanDeps, httpRequestId: string) {
  const request = await requestFor(requestId, actor, 'reset-request.form-scan.upload', deps, httpRequestId);
  assertOpenForScan(request);
  const key = formScanKey(request);
  const stored = await deps.scans.head(key);
  if (!stored || stored.size === 0) throw new ConflictError('Nothing has been uploaded for this form yet', 'form_scan_upload_missing');
  let refusal: DomainError | null = null;
  if (stored.size > FORM_SCAN_LIMITS.maxBytes) {
    refusal = tooLarge(stored.size);
  } else if (!isScanType(stored.contentType) || !isFileOfType(stored.contentType, await deps.scans.firstBytes(key, SIGNATURE_BYTES))) {
    refusal = new DomainError(415, 'form_scan_type_unsupported', 'The scan must be a PDF, PNG or JPEG file');
  }
  if (refusal) {
    // Personal data nobody will look at: gone now rather than at the bucket's expiry.
    await deps.scans.remove(key);
    throw refusal;
  }
  const now = deps.clock.now();
  const scan: FormScan = { contentType: stored.contentType as FormScanType, size: stored.size, uploadedAt: now.toISOString() };
  if (!(await deps.requests.attachFormScan(request.requestId, scan, stored.etag ?? ''))) {
    throw new ConflictError('This request’s form scan is already confirmed; it is never replaced', 'form_scan_already_attached');
  }
  const attached: ResetRequest = { ...request, form: { ...request.form, scan } };
  await auditStep(deps, actor, 'reset-request.form-scan-attached', attached, now, httpRequestId, {
    contentType: scan.contentType,
    size: String(scan.size),
  });
  return resetRequestView(attached);
}

/**
 * A short-lived presigned GET URL of the confirmed scan, for the request's institution (its
 * officers and approvers) and operators; audited as `reset-request.form-scan-viewed`. 404
 * `form_scan_not_found` when no scan was confirmed or the bucket has expired it; 409
 * `form_scan_changed` when the stored object is not the one confirmed (overwritten through a PUT
 * URL still valid after the confirmation): the approver never sees another file than the one recorded.
 */
export async function viewFormScan(requestId: string, actor: Actor, deps: FormScanDeps, httpRequestId: string) {
  const request = await requestFor(requestId, actor, 'reset-request.form-scan.view', deps, httpRequestId);
  const scan = request.form.scan;
  if (!scan) throw new NotFoundError('The form scan', 'form_scan_not_found');
  const key = formScanKey(request);
  const stored = await deps.scans.head(key);
  if (!stored) throw new NotFoundError('The form scan', 'form_scan_not_found');
  if (request.formScanEtag && stored.etag !== request.formScanEtag) {
    throw new ConflictError('The stored scan is not the one confirmed', 'form_scan_changed');
  }
  const now = deps.clock.now();
  const url = await deps.scans.presignGet(key, scan.contentType, FORM_SCAN_LIMITS.viewUrlSeconds);
  await auditStep(deps, actor, 'reset-request.form-scan-viewed', request, now, httpRequestId);
  return {
    requestId: request.requestId,
    url,
    contentType: scan.contentType,
    size: scan.size,
    expiresAt: new Date(now.getTime() + FORM_SCAN_LIMITS.viewUrlSeconds * 1000).toISOString(),
  };
}
