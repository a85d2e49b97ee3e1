import * as z from 'zod';
import type { DeliveryFailure } from './delivery-failure';

/** The tag names the sender puts on every email (SESv2 `EmailTags`); SES echoes them in its events. */
export const MEMBER_TAG = 'memberId';
export const KEY_TAG = 'businessKey';

/**
 * An SES event as EventBridge delivers it (`source: aws.ses`, published by the configuration
 * set's event destination). Only the fields Posta reads; addresses are never kept.
 */
export const sesEventSchema = z.object({
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  time: z.string().optional(),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string().optional(),
      timestamp: z.string().optional(),
      tags: z.record(z.string(), z.array(z.string())).default({}),
    }),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string().nullish(),
        timestamp: z.string().optional(),
      })
      .optional(),
    complaint: z
      .object({
        complaintFeedbackType: z.string().nullish(),
        complaintSubType: z.string().nullish(),
        timestamp: z.string().optional(),
      })
      .optional(),
  }),
});

export type SesEvent = z.infer<typeof sesEventSchema>;

export type SesEventVerdict =
  | { action: 'record'; memberId: string; failure: DeliveryFailure }
  | { action: 'ignore'; reason: 'transient-bounce' | 'not-a-failure' | 'no-member-tag'; messageId?: string };

/**
 * What an SES event means for a member: a permanent bounce or a complaint is a delivery failure
 * to record; a transient (or undetermined) bounce is SES still trying, and is only logged.
 */
export function verdictOf(event: SesEvent, now: string): SesEventVerdict {
  const { detail } = event;
  const messageId = detail.mail.messageId;
  const memberId = detail.mail.tags[MEMBER_TAG]?.[0];
  let failure: DeliveryFailure;
  if (detail.eventType === 'Bounce' && detail.bounce) {
    if (detail.bounce.bounceType !== 'Permanent') return { action: 'ignore', reason: 'transient-bounce', messageId };
    failure = { kind: 'bounce', subType: detail.bounce.bounceSubType ?? 'General', at: detail.bounce.timestamp ?? event.time ?? now };
  } else if (detail.eventType === 'Complaint' && detail.complaint) {
    failure = {
      kind: 'complaint',
      subType: detail.complaint.complaintFeedbackType ?? detail.complaint.complaintSubType ?? 'unspecified',
      at: detail.complaint.timestamp ?? event.time ?? now,
    };
  } else {
    return { action: 'ignore', reason: 'not-a-failure', messageId };
  }
  if (!memberId) return { action: 'ignore', reason: 'no-member-tag', messageId };
  return { action: 'record', memberId, failure };
}
