import * as z from 'zod';
import { institutionCodeSchema } from './institution-code';

export const deliveryReportQuery = z.object({
  /** Absent: the deployment (operators, deployment-wide support) or the caller's own institution. */
  institutionCode: institutionCodeSchema.optional(),
  /** UTC calendar month `yyyy-mm`; absent: the current month. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be yyyy-mm')
    .optional(),
});

export const passwordExpiryReportQuery = z.object({ institutionCode: institutionCodeSchema.optional() });

const count = z.number().int();

export const deliveryReportSchema = z
  .object({
    institutionCode: z.string().nullable().describe('null: the whole deployment'),
    month: z.string(),
    emails: z.object({
      sent: count.describe('accepted by SES, once per business key'),
      rejected: count.describe('refused outright by SES (members, first failure only)'),
      bounced: count.describe('hard bounces (members, first failure only)'),
      complained: count.describe('spam complaints (members, first failure only)'),
    }),
    sms: z
      .object({ sent: count, failed: count.describe('refused by SNS for the number (invalid, opted out)') })
      .describe('SMS sent to the members (of the institution, or of the whole deployment)'),
  })
  .meta({ id: 'DeliveryReport' });

export const passwordExpiryReportSchema = z
  .object({
    institutionCode: z.string().nullable().describe('null: the whole deployment'),
    asOf: z.iso.datetime(),
    week: z.string().describe('ISO week, e.g. 2027-W05'),
    closed: count.describe('members whose window, temporary password or password expired (of the institution, or of the deployment)'),
    institutionMailboxes: z
      .object({
        open: count.describe('mailboxes with a live account (first password sent, or in use)'),
        closed: count.describe('mailboxes closed because their (temporary) password expired'),
      })
      .nullable()
      .describe('the institution’s own mailboxes, beside its staff (institution only)'),
    reopenedThisWeek: count.describe('closed accounts reset and expired activation windows reopened this ISO week'),
    deploymentDueWithin7Days: count.describe('members of the whole deployment with a next deadline in the next 7 days'),
  })
  .meta({ id: 'PasswordExpiryReport' });
