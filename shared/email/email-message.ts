import * as z from 'zod';
import { EMAIL_TEMPLATES } from '../catalog';
import { LOCALES } from '../profiles/profile-ids';

/**
 * A message on the email queue. `key` is the business key (e.g. `notice#<memberId>#1`): the
 * consumer sends at most once per key, however often the message is delivered.
 */
export const emailMessageSchema = z.object({
  key: z.string().min(1).max(200),
  template: z.enum(EMAIL_TEMPLATES),
  locale: z.enum(LOCALES),
  to: z.email(),
  /** The member the email is for: tagged on the send, so a bounce or complaint finds its member. */
  memberId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/)
    .optional(),
  /**
   * The member's institution, so the send is counted in its delivery statistics (absent:
   * deployment-wide only). Loosely checked on purpose: a counter field never drops an email.
   */
  institutionCode: z.string().min(1).max(64).optional(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /**
   * A receipt (the email consumer's own follow-up): SES accepted this email already, but its
   * idempotency record could not be completed then (DynamoDB out). The consumer only completes it.
   */
  sent: z.object({ messageId: z.string().min(1).max(200) }).optional(),
});

export type EmailMessage = z.infer<typeof emailMessageSchema>;
