import * as z from 'zod';
import { MAILBOX_ID } from '../institution-mailboxes/mailbox-id';
import { FORM_SCAN_LIMITS, FORM_SCAN_TYPES, RESET_APPROVAL_DAYS, RESET_REQUEST_STATES } from '../resets/reset-request';
import { institutionCodeSchema } from './institution-code';

const memberIdSchema = z.string().regex(/^m-[0-9a-f]{24}$/, 'must be a member id');
const mailboxIdSchema = z.string().regex(MAILBOX_ID, 'must be an institution mailbox id');
const text = (max: number) => z.string().trim().min(1).max(max);

export const resetFormSchema = z
  .object({
    // Letters and digits of any script (`РП-2026-001`, `ŞİFRE-2026/001`): forms are numbered in the
    // ministry's own language. NFC first, so a composed and a decomposed `Ş` are the same number.
    number: z
      .string()
      .trim()
      .transform((n) => n.normalize('NFC'))
      .pipe(z.string().regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N} ./_-]{0,39}$/u, 'must be 1–40 letters, digits, spaces or . / _ - (any script)'))
      .describe('The paper form’s number (letters and digits of any script, spaces, . / _ -): filed once per institution'),
    signedOn: z.iso.date().describe('The day the member signed the form (not in the future)'),
    approverName: text(120).describe('The administrative superior who approved the form on paper'),
    approverTitle: text(120),
    archivedAt: text(200).describe('Where the paper form is archived at the institution'),
  })
  .strict()
  .meta({ id: 'ResetForm' });

export const formScanSchema = z
  .object({
    contentType: z.enum(FORM_SCAN_TYPES),
    size: z.number().int().describe('Bytes'),
    uploadedAt: z.iso.datetime().describe('When the officer confirmed the upload'),
  })
  .meta({ id: 'FormScan' });

/** The form as a request carries it: what was filed, and its scan once confirmed (never a URL). */
const resetFormRecordSchema = resetFormSchema
  .extend({ scan: formScanSchema.optional().describe('The signed form’s scan, once uploaded and confirmed') })
  .meta({ id: 'ResetFormRecord' });

export const openFormScanUploadBody = z
  .object({
    contentType: z.enum(FORM_SCAN_TYPES).describe('The scan’s type, bound in the upload URL’s signature'),
    size: z
      .number()
      .int()
      .min(1)
      .describe(`The file’s size in bytes, bound in the signature: 413 \`form_scan_too_large\` above ${FORM_SCAN_LIMITS.maxBytes}`),
  })
  .strict()
  .meta({ id: 'OpenFormScanUpload' });

export const formScanUploadSchema = z
  .object({
    requestId: z.uuid(),
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string().describe('Presigned: PUT the file’s bytes here with exactly these headers'),
      headers: z.object({ 'content-type': z.enum(FORM_SCAN_TYPES) }),
      expiresAt: z.iso.datetime(),
    }),
    limits: z.object({
      maxBytes: z.number().int().describe(`Checked when the upload is confirmed (${FORM_SCAN_LIMITS.maxBytes} bytes)`),
      contentTypes: z.array(z.enum(FORM_SCAN_TYPES)),
    }),
  })
  .meta({ id: 'FormScanUpload' });

export const formScanLinkSchema = z
  .object({
    requestId: z.uuid(),
    url: z.string().describe('Presigned GET of the scan, shown inline; valid until `expiresAt`'),
    contentType: z.enum(FORM_SCAN_TYPES),
    size: z.number().int(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'FormScanLink' });

export const fileResetRequestBody = z
  .object({
    memberId: memberIdSchema.optional().describe('The staff member whose password is reset'),
    mailboxId: mailboxIdSchema
      .optional()
      .describe('Or: the institution mailbox whose password is reset (it goes to its responsible person)'),
    form: resetFormSchema,
  })
  .strict()
  .refine((b) => (b.memberId === undefined) !== (b.mailboxId === undefined), {
    message: 'Name exactly one of memberId and mailboxId',
    path: ['memberId'],
  })
  .meta({ id: 'FileResetRequest' });

export const resetRequestIdParams = z.object({ requestId: z.uuid() });

export const rejectResetRequestBody = z
  .object({ reason: text(500) })
  .strict()
  .meta({ id: 'RejectResetRequest' });

export const listResetRequestsParams = z.object({ institutionCode: institutionCodeSchema });
export const listResetRequestsQuery = z.object({
  state: z.enum(RESET_REQUEST_STATES).default('awaiting-approval'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const resetRequestSchema = z
  .object({
    requestId: z.uuid(),
    state: z.enum(RESET_REQUEST_STATES),
    memberId: z.string().describe('The member’s id, or the institution mailbox’s'),
    account: z.enum(['staff', 'institution-mailbox']),
    address: z.string().describe('The member’s login'),
    institutionCode: z.string(),
    approval: z.enum(['recorded-form', 'two-person']),
    form: resetFormRecordSchema,
    filedBy: z.string().describe('The filing officer’s user id'),
    filedAt: z.iso.datetime(),
    approveBy: z.iso
      .datetime()
      .nullable()
      .describe(`Two-person: the request expires if not approved by then (${RESET_APPROVAL_DAYS} days)`),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    reason: z.string().nullable().describe('Rejected: the approver’s reason'),
    completedAt: z.iso.datetime().nullable().describe('Done: when the new temporary password was set'),
    smsDelivered: z
      .boolean()
      .nullable()
      .describe('Done: whether the SMS was handed over (false: the phone on record was refused). The password itself is never shown'),
  })
  .meta({ id: 'ResetRequest' });

export const resetRequestListSchema = z
  .object({ items: z.array(resetRequestSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ResetRequestList' });
