import * as z from 'zod';
import { ROLES } from '../catalog';
import { alternateEmailSchema, pendingAlternateEmailSchema } from './alternate-email-schemas';

export const accountSchema = z
  .object({
    state: z.string().describe('The member’s state: notified, activated, temp-password-expired …'),
    activatedAt: z.iso.datetime().nullable().describe('First sign-in'),
    passwordChangedAt: z.iso.datetime().nullable().describe('When the member last chose a password'),
    nextExpiry: z.iso
      .datetime()
      .nullable()
      .describe('When the current password stops working (temporary-password deadline or maximum age); null if it does not'),
    alternateEmail: alternateEmailSchema
      .nullable()
      .describe('The member’s verified alternate email, else the HR file’s (unverified); null when there is none'),
    pendingAlternateEmail: pendingAlternateEmailSchema.nullable(),
    resetChannel: z.enum(['sms', 'email']).describe('Where a forgot-password request without `channel` sends the code'),
  })
  .meta({ id: 'Account' });

export const meSchema = z
  .object({
    sub: z.string(),
    login: z.string(),
    roles: z.array(z.enum(ROLES)).describe('Every role the user holds, as the server holds it (a member of the staff register: `staff`)'),
    assignments: z
      .array(
        z.object({
          role: z.enum(ROLES),
          institutionCode: z
            .string()
            .nullable()
            .describe('Where the role applies; null: deployment-wide (operator, auditor) or by reach (support)'),
          supportScope: z.union([z.literal('all'), z.object({ regions: z.array(z.string()) })]).optional(),
        }),
      )
      .describe('Each (role, institution) pair the user holds'),
    profile: z.object({ id: z.string(), mailDomain: z.string(), defaultLocale: z.string() }),
    account: accountSchema.nullable().describe('Staff members: their mailbox account; null for users outside the staff register'),
    forwarding: z
      .object({ from: z.string().describe('The old address'), until: z.iso.datetime() })
      .nullable()
      .describe('Mail to the member’s old address reaches the mailbox until `until`; null when nothing is forwarded'),
  })
  .meta({ id: 'Me' });
