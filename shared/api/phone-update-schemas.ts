import * as z from 'zod';
import { PHONE_UPDATE_REASONS } from '../phone-updates/phone-update';
import { LOCALES } from '../profiles/profile-ids';

export const phoneUpdatesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(1000).optional(),
});

/** CSV pages may be larger; the next page's cursor travels in `x-next-cursor`. */
export const phoneUpdatesCsvQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
  cursor: z.string().max(1000).optional(),
});

export const phoneUpdateSchema = z
  .object({
    personKey: z.string().describe('The member id the person has or would have; `n-…` when the row’s national ID was not valid'),
    institutionCode: z.string(),
    memberId: z.string().nullable().describe('Set when the person is a member of this institution'),
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    nationalIdLast3: z.string().nullable(),
    reason: z
      .enum(PHONE_UPDATE_REASONS)
      .describe(
        '`phone_missing`, `phone_invalid`, `phone_not_mobile` (a landline by the numbering plan), `sms_rejected` (SNS refused it), `phone_country_not_allowed` (activation profiles: a mobile of a country the public codes do not go to)',
      ),
    phoneMasked: z.string().nullable().describe('The number, masked (`sms_rejected`, `phone_country_not_allowed`)'),
    locale: z.enum(LOCALES),
    reachableByEmail: z.boolean().describe('Whether a message can reach the person by email (an old or alternate address is on record)'),
    source: z.enum(['import', 'sms']),
    importJobId: z.string().nullable(),
    row: z.number().int().nullable(),
    listedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PhoneUpdate' });

export const phoneUpdateListSchema = z
  .object({
    items: z.array(phoneUpdateSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when done' }),
  })
  .meta({ id: 'PhoneUpdateList' });
