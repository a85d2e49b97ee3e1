import * as z from 'zod';
import { MAILBOX_ID } from '../institution-mailboxes/mailbox-id';
import { RESPONSIBLE_CHANGE_STATES } from '../institution-mailboxes/responsible-change';
import { RESET_APPROVAL_DAYS } from '../resets/reset-request';
import { isEmailAddress } from '../staff/address';
import { institutionCodeSchema } from './institution-code';

const memberId = z.string().regex(/^m-[0-9a-f]{24}$/, 'must be a member id');
const mailboxId = z.string().regex(MAILBOX_ID, 'must be an institution mailbox id');
const text = (max: number) => z.string().trim().min(1).max(max);

export const registerInstitutionMailboxBody = z
  .object({
    address: z
      .string()
      .trim()
      .max(254)
      .refine(isEmailAddress, { message: 'must be an e-mail address' })
      .describe('The mailbox’s address, on the profile’s mail domain (400 `address_domain` otherwise); its login'),
    institutionCode: institutionCodeSchema.describe('A registered institution (400 `institution_unknown`)'),
    name: text(120).describe('What the mailbox is, e.g. the school office'),
    responsibleMemberId: memberId.describe(
      'A staff member of that institution with a mobile phone on record: their phone receives the passwords (400 `responsible_not_member`)',
    ),
  })
  .strict()
  .meta({ id: 'RegisterInstitutionMailbox' });

export const mailboxIdParams = z.object({ mailboxId });
export const listInstitutionMailboxesParams = z.object({ institutionCode: institutionCodeSchema });
export const listInstitutionMailboxesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const institutionMailboxSchema = z
  .object({
    mailboxId: z.string(),
    address: z.string(),
    institutionCode: z.string(),
    name: z.string(),
    state: z.string().describe('As a member’s: notified (first password sent), activated, password-expired, temp-password-expired …'),
    responsible: z.object({
      memberId: z.string(),
      current: z
        .boolean()
        .describe('false: the person is no longer a staff member of the institution; nobody receives passwords until it is changed'),
      givenName: z.string().optional(),
      familyName: z.string().optional(),
      phone: z.string().optional().describe('Masked'),
    }),
    registeredAt: z.iso.datetime(),
    registeredBy: z.string(),
    passwordChangedAt: z.iso.datetime().nullable(),
    nextDeadline: z.object({ kind: z.string(), at: z.iso.datetime(), warningDays: z.number().int().optional() }).nullable(),
  })
  .meta({ id: 'InstitutionMailbox' });

export const registeredInstitutionMailboxSchema = institutionMailboxSchema
  .extend({
    smsDelivered: z.boolean().describe('The first temporary password was handed to SNS for the responsible person’s phone (never shown)'),
  })
  .meta({ id: 'RegisteredInstitutionMailbox' });

export const institutionMailboxListSchema = z
  .object({ items: z.array(institutionMailboxSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'InstitutionMailboxList' });

export const fileResponsibleChangeBody = z
  .object({
    responsibleMemberId: memberId.describe('The new responsible person: a staff member of the mailbox’s institution'),
    reason: text(500).describe('Why (kept on the request)'),
  })
  .strict()
  .meta({ id: 'FileResponsibleChange' });

export const changeIdParams = z.object({ changeId: z.uuid() });
export const rejectResponsibleChangeBody = z
  .object({ reason: text(500) })
  .strict()
  .meta({ id: 'RejectResponsibleChange' });

export const listResponsibleChangesQuery = z.object({
  state: z.enum(RESPONSIBLE_CHANGE_STATES).default('awaiting-approval'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const responsibleChangeSchema = z
  .object({
    changeId: z.uuid(),
    state: z.enum(RESPONSIBLE_CHANGE_STATES),
    mailboxId: z.string(),
    address: z.string(),
    institutionCode: z.string(),
    fromMemberId: z.string(),
    toMemberId: z.string(),
    reason: z.string(),
    filedBy: z.string(),
    filedAt: z.iso.datetime(),
    approveBy: z.iso.datetime().describe(`The request expires if not decided by then (${RESET_APPROVAL_DAYS} days)`),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    rejection: z.string().nullable(),
  })
  .meta({ id: 'ResponsibleChange' });

export const approvedResponsibleChangeSchema = responsibleChangeSchema
  .extend({
    passwordReset: z
      .object({
        done: z.boolean().describe('The mailbox’s password was reset and sent to the new responsible person by SMS (never shown)'),
        smsDelivered: z.boolean().describe('SNS took the SMS; false with `done`: the phone on record was refused'),
        problem: z
          .string()
          .nullable()
          .describe('Why it was not reset (`channel_recently_changed`, `no_account` …): an officer then files a reset request'),
      })
      .describe('The former responsible person knew the password: approving resets it to the new person'),
  })
  .meta({ id: 'ApprovedResponsibleChange' });

const changePerson = (who: string) =>
  z
    .object({ givenName: z.string(), familyName: z.string(), phone: z.string().describe('Masked') })
    .optional()
    .describe(`${who}, while a staff member of the institution (absent otherwise: the id alone)`);

export const listedResponsibleChangeSchema = responsibleChangeSchema
  .extend({ from: changePerson('The current responsible person'), to: changePerson('The person asked for') })
  .meta({ id: 'ListedResponsibleChange' });

export const responsibleChangeListSchema = z
  .object({ items: z.array(listedResponsibleChangeSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ResponsibleChangeList' });
