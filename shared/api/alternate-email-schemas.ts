import * as z from 'zod';

// The address is checked by the use case, as the import checks its `alternateEmail` (400
// `email_invalid`, `alternate_email_domain`, field `body.email`): the schema only bounds it.
export const setAlternateEmailBody = z
  .object({ email: z.string().min(1).max(320).describe('An address of the member’s own, outside the ministry mail domains') })
  .strict()
  .meta({ id: 'SetAlternateEmail' });

export const alternateEmailCodeSentSchema = z
  .object({
    status: z.literal('code-sent'),
    email: z.string().describe('The address the code went to, masked'),
    codeExpiresAt: z.iso.datetime(),
  })
  .meta({ id: 'AlternateEmailCodeSent' });

export const verifyAlternateEmailBody = z
  .object({ code: z.string().regex(/^\d{6}$/, 'must be the 6 digits received by email') })
  .strict()
  .meta({ id: 'VerifyAlternateEmail' });

export const alternateEmailVerifiedSchema = z
  .object({
    status: z.literal('verified'),
    email: z.string().describe('The verified address, masked'),
    resetCodesFrom: z.iso.datetime().describe('Reset codes go to it from then on (24 hours: the old channels were told of the change)'),
  })
  .meta({ id: 'AlternateEmailVerified' });

/** What `GET /v1/me` shows of the member's alternate email. */
export const alternateEmailSchema = z
  .object({
    address: z.string().describe('Masked'),
    verified: z.boolean().describe('Proved by the member with a code; only a verified address receives reset codes'),
    source: z.enum(['member', 'hr-import']).describe('`hr-import`: from the HR file, unverified (notices only)'),
    verifiedAt: z.iso.datetime().nullable(),
    resetCodesFrom: z.iso.datetime().nullable().describe('When reset codes may start to go to it'),
  })
  .meta({ id: 'AlternateEmail' });

export const pendingAlternateEmailSchema = z
  .object({ address: z.string().describe('Masked'), codeExpiresAt: z.iso.datetime() })
  .describe('An address added and waiting for its code')
  .meta({ id: 'PendingAlternateEmail' });
