import * as z from 'zod';
import { ROLES } from '../catalog';

export const accountSchema = z
  .object({
    state: z.string().describe('The member’s state: notified, activated, temp-password-expired …'),
    activatedAt: z.iso.datetime().nullable().describe('First sign-in'),
    passwordChangedAt: z.iso.datetime().nullable().describe('When the member last chose a password'),
    nextExpiry: z.iso
      .datetime()
      .nullable()
      .describe('When the current password stops working (temporary-password deadline or maximum age); null if it does not'),
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
          institutionCode: z.string().nullable().describe('Where the role applies; null: deployment-wide (operator) or by reach (support)'),
          supportScope: z.union([z.literal('all'), z.object({ regions: z.array(z.string()) })]).optional(),
        }),
      )
      .describe('Each (role, institution) pair the user holds'),
    profile: z.object({ id: z.string(), mailDomain: z.string(), defaultLocale: z.string() }),
    account: accountSchema.nullable().describe('Staff members: their mailbox account; null for users outside the staff register'),
  })
  .meta({ id: 'Me' });
