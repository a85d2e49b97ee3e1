import * as z from 'zod';
import { STEP2_MESSAGE, STEP2_SMS_REFUSED } from '../activation/activation-policy';
import { institutionCodeSchema } from './institution-code';

const memberIdSchema = z.string().regex(/^m-[0-9a-f]{24}$/, 'must be a member id');

export const activationNoticeParams = z.object({ institutionCode: institutionCodeSchema });

export const activationNoticeBody = z
  .object({
    memberIds: z
      .array(memberIdSchema)
      .min(1)
      .max(1000)
      .optional()
      .describe(
        'Members to notify (re-sent to those whose window is open, without extending it); absent: every member of the institution who has neither activated nor an open window',
      ),
  })
  .strict()
  .meta({ id: 'ActivationNoticeRequest' });

export const activationNoticeAnswer = z
  .object({
    queued: z.number().int().describe('Notices queued (SMS + email, in the member’s locale)'),
    skipped: z.number().int().describe('Members not notified: other institution, already activated, window expired (reopen it first)'),
  })
  .meta({ id: 'ActivationNoticesQueued' });

export const memberParams = z.object({ memberId: memberIdSchema });

export const reopenWindowBody = z
  .object({ reason: z.string().trim().min(3).max(500).describe('Why the window is reopened (kept in the audit trail)') })
  .strict()
  .meta({ id: 'ReopenActivationWindow' });

export const reopenedWindowSchema = z
  .object({ memberId: z.string(), state: z.literal('notified'), activationWindowEndsAt: z.iso.datetime() })
  .meta({ id: 'ReopenedActivationWindow' });

export const startActivationBody = z
  .object({
    nationalId: z.string().max(40).describe('Checked for the profile’s kind; never stored or logged in clear'),
    phone: z.string().max(40).describe('The mobile number on record at the school'),
  })
  .strict()
  .meta({ id: 'StartActivation' });

export const startedActivationSchema = z
  .object({
    attemptId: z.uuid(),
    message: z.string(),
  })
  .describe('The same answer whether or not the details match a member')
  .meta({ id: 'ActivationStarted' });

export const attemptParams = z.object({ attemptId: z.uuid() });

export const confirmActivationBody = z
  .object({ code: z.string().regex(/^\s*\d{6}\s*$/, 'must be the 6 digits received by SMS') })
  .strict()
  .meta({ id: 'ConfirmActivation' });

export const activatedSchema = z
  .object({
    login: z.string().describe('The new mailbox'),
    message: z
      .enum([STEP2_MESSAGE, STEP2_SMS_REFUSED])
      .describe(
        'Whether the temporary password went out by SMS; when SNS refused the number on record, that is said (the member is on the phone-update list)',
      ),
  })
  .meta({ id: 'ActivationConfirmed' });
