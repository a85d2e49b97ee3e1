import * as z from 'zod';
import { MEMBER_STATES } from '../members/member';
import { ADDRESSABLE_ROLES, MESSAGE_STATES, TEXT_LIMITS } from '../messages/message';
import { LOCALES } from '../profiles/profile-ids';
import { STAFF_CATEGORIES } from '../staff/vocabulary';
import { institutionCodeSchema } from './institution-code';

/** One text per language; the profile's default language is required (400 `text_required`). */
const localized = (max: number, what: string) =>
  z
    .object(
      Object.fromEntries(LOCALES.map((l) => [l, z.string().min(1).max(max).optional()])) as Record<
        (typeof LOCALES)[number],
        z.ZodOptional<z.ZodString>
      >,
    )
    .strict()
    .describe(`${what} per language (${LOCALES.join(', ')}); may use {{givenName}}, {{familyName}}, {{login}}, {{institutionCode}}`);

export const messageSelectionSchema = z
  .object({
    institutionCodes: z
      .array(institutionCodeSchema)
      .max(500)
      .optional()
      .describe('Where: school admins their own (all they administer when left out); operators any (left out: every institution)'),
    categories: z.array(z.enum(STAFF_CATEGORIES)).max(STAFF_CATEGORIES.length).optional().describe('Members of these categories only'),
    states: z
      .array(z.enum(MEMBER_STATES))
      .max(MEMBER_STATES.length)
      .optional()
      .describe('Members in these states only, e.g. `notified` = not activated yet'),
    roles: z
      .array(z.enum(ADDRESSABLE_ROLES))
      .max(ADDRESSABLE_ROLES.length)
      .optional()
      .describe('Also (alone: only) the holders of these roles there'),
    memberIds: z
      .array(z.string().regex(/^m-[0-9a-f]{24}$/, 'must be a member id'))
      .min(1)
      .max(1000)
      .optional()
      .describe('Exactly these members (the other fields then do not apply)'),
    phoneUpdateList: z.boolean().optional().describe('Exactly the people on those institutions’ phone-update lists, members or not'),
  })
  .strict()
  .meta({ id: 'MessageSelection' });

export const createMessageBody = z
  .object({
    selection: messageSelectionSchema,
    subject: localized(TEXT_LIMITS.subject, 'Email subject'),
    body: localized(TEXT_LIMITS.body, 'Email body (plain text; line breaks kept)'),
    sms: localized(TEXT_LIMITS.sms, 'Optional SMS (at most 5 parts)').optional(),
  })
  .strict()
  .meta({ id: 'CreateMessage' });

export const messageIdParams = z.object({ messageId: z.uuid() });

export const previewQuery = z.object({
  memberId: z
    .string()
    .regex(/^m-[0-9a-f]{24}$/, 'must be a member id')
    .optional()
    .describe('A member of the selection (default: its first recipient)'),
});

export const sendMessageBody = z
  .object({ sendAt: z.iso.datetime({ offset: true }).optional().describe('When to send (default: now, within a minute)') })
  .strict()
  .meta({ id: 'SendMessage' });

const segments = z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number().int() });
const texts = z.record(z.string(), z.string());

export const messageSchema = z
  .object({
    messageId: z.uuid(),
    state: z.enum(MESSAGE_STATES),
    selection: z.object({
      institutionCodes: z.array(z.string()).describe('Empty: every institution'),
      categories: z.array(z.string()).optional(),
      states: z.array(z.string()).optional(),
      roles: z.array(z.string()).optional(),
      memberIds: z.array(z.string()).optional(),
      phoneUpdateList: z.boolean().optional(),
    }),
    subject: texts,
    body: texts,
    sms: texts.nullable(),
    smsSegments: z
      .record(z.string(), segments)
      .nullable()
      .describe('SMS parts per language (3GPP TS 23.038: GSM-7 160/153, UCS-2 70/67), each personal field counted as 20 characters'),
    recipients: z.number().int().describe('The size of the selection when written (someone in two parts counts in each)'),
    approvalThreshold: z.number().int(),
    needsApproval: z.boolean().describe('Over the threshold: a second operator approves before it goes'),
    createdAt: z.iso.datetime(),
    sendAt: z.iso.datetime({ offset: true }).nullable(),
    approvedBy: z.string().nullable(),
    sentAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    report: z
      .object({
        queued: z.number().int(),
        noChannel: z.number().int(),
        smsQueued: z.number().int(),
        sent: z.number().int(),
        rejected: z.number().int(),
        bounced: z.number().int(),
        complained: z.number().int(),
        smsSent: z.number().int(),
        smsFailed: z.number().int(),
      })
      .describe(
        'Delivery report: queued by the fan-out, sent/rejected by the email consumer, bounced/complained from SES events, SMS sent/failed',
      ),
  })
  .meta({ id: 'Message' });

/** A message in a list: everything but its texts' bodies (a list page stays small); the subject stays. */
export const messageSummarySchema = messageSchema.omit({ body: true, sms: true, smsSegments: true }).meta({ id: 'MessageSummary' });

export const listMessagesQuery = z.object({
  institutionCode: institutionCodeSchema
    .optional()
    .describe(
      'The messages that go to this institution; left out: every message (operators), or the one institution a school admin administers',
    ),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});

export const messageListSchema = z
  .object({ items: z.array(messageSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MessageList' });

export const messagePreviewSchema = z
  .object({
    recipient: z.object({
      key: z.string(),
      memberId: z.string().nullable(),
      institutionCode: z.string(),
      locale: z.enum(LOCALES),
      email: z.string().nullable(),
    }),
    subject: z.string(),
    body: z.string(),
    sms: z
      .object({ text: z.string(), encoding: z.enum(['GSM-7', 'UCS-2']), units: z.number().int(), segments: z.number().int() })
      .nullable(),
  })
  .meta({ id: 'MessagePreview' });
