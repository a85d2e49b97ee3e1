import * as z from 'zod';
import { isEmailAddress } from '../staff/address';
import { foldLogin } from '../staff/login';
import { DELEGATION_MODELS } from '../support/shared-mailbox';
import { institutionCodeSchema } from './institution-code';
import { progressSchema } from './lot-schemas';

/** Free text saying why; required on write actions (400 `reason_required` when missing or blank). */
const reason = z.string().max(500).optional().describe('Why the agent does this; recorded in the audit trail');

/** A path parameter percent-decoded once (`%40` → `@`); one that is not valid percent-encoding stays as it is. */
export const decodedOnce = (value: unknown) => {
  if (typeof value !== 'string' || value.includes('@') || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
// Folded as typed (spaces, capitals, Turkish İ/ı, NFKC; shared/staff/login.ts) before the check.
const address = z.preprocess(
  (v) => (typeof v === 'string' ? foldLogin(v) : v),
  z.string().max(254).refine(isEmailAddress, { message: 'must be an e-mail address' }),
);

export const verifySupportCodeBody = z
  .object({
    memberId: z.string().min(1).max(100).optional(),
    login: z.string().max(254).optional().describe('The member’s new address, instead of memberId'),
    supportCode: z.string().min(1).max(20).describe('As the caller reads it out (case and dashes ignored)'),
  })
  .strict()
  .refine((b) => Boolean(b.memberId) !== Boolean(b.login), { message: 'give memberId or login (one of them)', path: ['memberId'] })
  .meta({ id: 'VerifySupportCode' });

export const supportCodeAnswer = z.object({ valid: z.boolean() }).meta({ id: 'SupportCodeAnswer' });

export const supportMemberParams = z.object({ memberId: z.string().min(1).max(100) });

export const supportReasonBody = z.object({ reason }).strict().meta({ id: 'SupportReason' });

export const memberStatusSchema = z
  .object({
    memberId: z.string(),
    address: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    state: z.string(),
    phone: z.string().describe('Masked'),
    nationalIdLast3: z.string(),
    institutionCode: z.string(),
    lotId: z.string().nullable(),
    activationLockedUntil: z.iso.datetime().nullable(),
    nextDeadline: z.object({ kind: z.string(), at: z.iso.datetime(), warningDays: z.number().int().optional() }).nullable(),
    deliveryFailure: z.object({ kind: z.string(), subType: z.string(), at: z.iso.datetime() }).nullable(),
    supportCodeOnRecord: z.boolean(),
    account: z.object({ enabled: z.boolean(), status: z.string() }).nullable().describe('Cognito; null when no account exists yet'),
    channelHold: z
      .object({ channels: z.array(z.enum(['phone', 'alternateEmail'])), clearsAt: z.iso.datetime() })
      .nullable()
      .describe(
        'A re-import changed the phone or alternate email lately: no password or code goes to it before clearsAt unless an operator confirms the change (POST /v1/members/{memberId}/channel-change/confirm)',
      ),
  })
  .meta({ id: 'SupportMemberStatus' });

export const auditTrailQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1000).optional(),
});

export const auditTrailSchema = z
  .object({
    items: z.array(
      z.object({
        at: z.iso.datetime(),
        action: z.string(),
        actor: z.string(),
        role: z.string(),
        institution: z.string(),
        outcome: z.string(),
        reason: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AuditTrail' });

export const unlockedSchema = z
  .object({
    memberId: z.string(),
    account: z.object({ enabled: z.literal(true), wasEnabled: z.boolean() }).nullable(),
    activationLockCleared: z.boolean().describe('There was an activation lock, and it is gone (with the wrong codes counted towards it)'),
  })
  .meta({ id: 'SupportUnlocked' });

export const supportResetSchema = z
  .object({
    memberId: z.string(),
    sentTo: z.string().describe('The masked phone the password went to by SMS (it is never in an answer)'),
    setAt: z.iso.datetime(),
    smsRejected: z.boolean(),
    state: z.string().describe('The member’s state after the reset (a closed account reopens)'),
  })
  .meta({ id: 'SupportPasswordReset' });

export const sharedMailboxParams = z.object({
  address: z.preprocess(decodedOnce, address.meta({ description: 'URL-encoded (`@` as `%40` is accepted)' })),
});

export const registerSharedMailboxBody = z
  .object({ address, institutionCode: institutionCodeSchema, model: z.enum(DELEGATION_MODELS).default('rights'), reason })
  .strict()
  .meta({ id: 'RegisterSharedMailbox' });

export const setDelegationBody = z
  .object({ model: z.enum(DELEGATION_MODELS), reason })
  .strict()
  .meta({ id: 'SetDelegation' });

export const sharedMailboxSchema = z
  .object({
    address: z.string(),
    institutionCode: z.string(),
    model: z.enum(DELEGATION_MODELS),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
    changed: z.boolean().optional().describe('PUT only: false when the mailbox was already in that model'),
    history: z.array(
      z.object({
        seq: z.number().int(),
        from: z.enum(DELEGATION_MODELS),
        to: z.enum(DELEGATION_MODELS),
        at: z.iso.datetime(),
        by: z.string(),
        byLogin: z.string(),
        role: z.string(),
        reason: z.string(),
      }),
    ),
  })
  .meta({ id: 'SharedMailbox' });

export const progressReportQuery = z.object({ institutionCode: institutionCodeSchema });

export const progressReportSchema = z.object({ institutionCode: z.string(), counts: progressSchema }).meta({ id: 'SupportProgressReport' });
