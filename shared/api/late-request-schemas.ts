import * as z from 'zod';
import { LOCALES } from '../profiles/profile-ids';
import { STAFF_CATEGORIES } from '../staff';
import { institutionCodeSchema } from './institution-code';

// Only types and lengths here: the values are checked by the import's own validators
// (national-ID checksum, mobile phone, e-mails …), which report the import's codes per field.
const text = (max: number) => z.string().max(max);

export const startLateRequestBody = z
  .object({
    givenName: text(100),
    familyName: text(100),
    nationalId: text(40).describe('Checked for the profile’s kind (codice fiscale, SNILS, T.C. Kimlik No); never stored in clear'),
    phone: text(40).describe('A mobile number: the confirmation code is sent to it'),
    institutionCode: text(40),
    category: text(40).describe(`One of ${STAFF_CATEGORIES.join(', ')}`),
    oldAddress: text(254).optional(),
    alternateEmail: text(254).optional(),
    locale: text(5)
      .optional()
      .describe(`One of ${LOCALES.join(', ')}; the profile’s language when absent`),
  })
  .strict()
  .meta({ id: 'StartLateRequest' });

export const startedLateRequestSchema = z
  .object({
    requestId: z.uuid(),
    state: z.literal('awaiting-code'),
    phone: z.string().describe('Masked'),
    codeExpiresAt: z.iso.datetime(),
  })
  .meta({ id: 'StartedLateRequest' });

export const lateRequestIdParams = z.object({ requestId: z.uuid() });

export const verifyLateRequestBody = z
  .object({ code: z.string().regex(/^\s*\d{6}\s*$/, 'must be the 6 digits received by SMS') })
  .strict()
  .meta({ id: 'VerifyLateRequest' });

export const verifiedLateRequestSchema = z
  .object({
    requestId: z.uuid(),
    state: z.literal('confirmed'),
    message: z.string(),
    statusToken: z
      .string()
      .describe(
        'Shown once: give it to `POST /v1/late-requests/status` to read the decision (256 random bits; only a keyed hash is stored)',
      ),
  })
  .describe('The same answer whether or not the details belong to a member (a member is told by SMS on the phone on record)')
  .meta({ id: 'VerifiedLateRequest' });

export const LATE_REQUEST_STATES = ['awaiting-approval', 'approving', 'approved', 'rejected'] as const;

export const listLateRequestsParams = z.object({ institutionCode: institutionCodeSchema });
export const listLateRequestsQuery = z.object({
  state: z.enum(LATE_REQUEST_STATES).default('awaiting-approval'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const decideLateRequestBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .meta({ id: 'DecideLateRequest' });

export const lateRequestSchema = z
  .object({
    requestId: z.uuid(),
    state: z.enum(['awaiting-code', 'awaiting-approval', 'approving', 'approved', 'rejected', 'locked', 'duplicate']),
    givenName: z.string(),
    familyName: z.string(),
    nationalIdLast3: z.string(),
    phone: z.string().describe('Masked'),
    institutionCode: z.string(),
    category: z.enum(STAFF_CATEGORIES),
    oldAddress: z.string().nullable(),
    alternateEmail: z.string().nullable(),
    locale: z.enum(LOCALES),
    proposedAddress: z.string().describe('The address the member would get (a numeric suffix may be added on approval)'),
    createdAt: z.iso.datetime(),
    verifiedAt: z.iso.datetime().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    reason: z.string().nullable(),
    lotId: z.uuid().nullable().describe('After approval: the lot joined, or null (the member waits for the next lot)'),
    memberId: z.string().optional(),
    address: z.string().optional().describe('After approval: the new mailbox'),
  })
  .meta({ id: 'LateRequest' });

export const lateRequestListSchema = z
  .object({ items: z.array(lateRequestSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'LateRequestList' });

export const lateRequestStatusBody = z
  .object({ token: z.string().min(1).max(200).describe('The `statusToken` the confirmation answered with') })
  .strict()
  .meta({ id: 'LateRequestStatusQuery' });

export const lateRequestStatusSchema = z
  .object({
    requestId: z.uuid(),
    state: z
      .enum(['pending', 'approved', 'rejected'])
      .describe('`pending` until the school decides (a request whose details belong to a mailbox already stays pending)'),
    confirmedAt: z.iso.datetime().describe('When the phone was proven'),
    decidedAt: z.iso.datetime().nullable(),
    address: z.string().nullable().describe('After approval: the new mailbox (its temporary password comes by SMS with the next lot)'),
  })
  .meta({ id: 'LateRequestStatus' });
