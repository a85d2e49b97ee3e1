import * as z from 'zod';
import { LOCALES } from '../profiles/profile-ids';

const days = z.number().int().positive();

export const publicProfileSchema = z
  .object({
    id: z.string(),
    ministry: z.string(),
    mailDomain: z.string().describe('Where the staff mailboxes (and logins) live'),
    oldMailDomain: z.string().nullable().describe('Where addresses lived before the migration; null without one'),
    nationalIdKind: z.enum(['codice-fiscale', 'snils', 'tckn']),
    phoneRegion: z.string().describe('ISO 3166 region of phone numbers written without a country code'),
    defaultLocale: z.enum(LOCALES),
    locales: z.array(z.enum(LOCALES)).describe('Languages the console and the messages exist in'),
    timeZone: z.string().describe('IANA time zone dates are shown in'),
    passwordPolicy: z
      .object({
        minLength: z.number().int(),
        requireLowercase: z.boolean(),
        requireUppercase: z.boolean(),
        requireDigits: z.boolean(),
        requireSymbols: z.boolean(),
      })
      .describe('The user pool’s rules for a new password'),
    temporaryPasswordDeadlineDays: days.describe('Days a temporary password works before it must be replaced'),
    activationWindowDays: days.nullable().describe('Days a member has to activate after the invitation; null without activation'),
    maxPasswordAgeDays: days.nullable().describe('Days a chosen password works; null when passwords do not expire'),
    forwardingWindowDays: days.nullable().describe('Days mail to the old address is forwarded; null without forwarding'),
    flows: z.object({
      activation: z.boolean().describe('Members activate with phone + national ID (`POST /v1/activation`)'),
      lateRequest: z.boolean().describe('Staff left out of the import may ask for a mailbox (`POST /v1/late-requests`)'),
      passwordReset: z.object({
        channels: z
          .array(z.enum(['sms', 'email']))
          .describe('Where a forgotten-password code can be sent (email: the alternate address the member proved)'),
      }),
      delegatedReset: z.enum(['recorded-form', 'two-person']),
      resetFormScan: z
        .enum(['required', 'optional'])
        .describe('`required`: a two-person request is approved only once its form scan is confirmed'),
    }),
    helpdesk: z.object({ email: z.string(), phone: z.string(), hours: z.string() }),
    webmailUrl: z.string(),
  })
  .meta({ id: 'PublicProfile' });
