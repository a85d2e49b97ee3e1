import * as z from 'zod';
import { MEMBER_STATES } from '../members/member';
import { institutionCodeSchema } from './institution-code';
import { decodedOnce } from './support-schemas';

export const searchMembersQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(2)
      .max(100)
      .optional()
      .describe(
        'An exact login (with `@`) or national ID, deployment-wide; else, in one institution: last digits of the phone (3–15 digits), the start of a login (`mario.ros`), or the start of the family name (then the given name), accents and case ignored',
      ),
    institutionCode: institutionCodeSchema
      .optional()
      .describe('Where to search; required except for an exact login or national ID, and for callers of one institution (their own)'),
    state: z.enum(MEMBER_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2000).optional(),
  })
  .strict();

export const memberSummarySchema = z
  .object({
    memberId: z.string(),
    login: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    institutionCode: z.string(),
    state: z.enum(MEMBER_STATES),
    phone: z.string().describe('Masked'),
    nationalIdLast3: z.string(),
  })
  .meta({ id: 'MemberSummary' });

export const memberSearchSchema = z
  .object({ items: z.array(memberSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MemberSearchPage' });

export const userLoginParams = z.object({
  login: z.preprocess(
    decodedOnce,
    z
      .string()
      .trim()
      .min(3)
      .max(254)
      .regex(/^[^\s@]+@[^\s@]+$/, 'must be a login (an e-mail address)'),
  ),
});

export const userAccountSchema = z
  .object({
    sub: z.string().describe('What `PUT /v1/role-assignments/{sub}` takes'),
    login: z.string(),
    enabled: z.boolean(),
    status: z.string().describe('Cognito user status (CONFIRMED, FORCE_CHANGE_PASSWORD …)'),
  })
  .meta({ id: 'UserAccount' });

export const listSharedMailboxesQuery = z
  .object({
    institutionCode: institutionCodeSchema.optional().describe('One institution; all (operators, deployment-wide agents) when absent'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();

export const sharedMailboxListSchema = z
  .object({
    items: z.array(
      z.object({ address: z.string(), institutionCode: z.string(), model: z.enum(['rights', 'password']), updatedAt: z.iso.datetime() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'SharedMailboxList' });
