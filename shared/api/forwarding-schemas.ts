import * as z from 'zod';
import { isEmailAddress } from '../staff/address';

/**
 * API Gateway may hand the path parameter over still percent-encoded (`mario.rossi%40istruzione.it`);
 * a value without a literal `@` is decoded once (an address always has one).
 */
const decodedOnce = (value: unknown) => {
  if (typeof value !== 'string' || value.includes('@') || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

export const forwardingParams = z.object({
  oldAddress: z.preprocess(
    decodedOnce,
    z
      .string()
      .max(254)
      .refine(isEmailAddress, { message: 'must be an e-mail address' })
      .meta({ description: 'The old address, URL-encoded (`@` as `%40` is accepted)', example: 'mario.rossi@istruzione.it' }),
  ),
});

export const listForwardingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().max(1000).optional(),
});

/** CSV pages may be larger: the mail router loads them in bulk. */
export const exportForwardingsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(5000),
  cursor: z.string().max(1000).optional(),
});

export const forwardingSchema = z
  .object({
    from: z.email().meta({ description: 'The old address (as imported, lower case)' }),
    to: z.email().meta({ description: 'The new mailbox to deliver to' }),
    until: z.iso.datetime().meta({ description: 'The forwarding window closes at this instant (exclusive)' }),
  })
  .meta({ id: 'Forwarding' });

export const forwardingListSchema = z
  .object({
    items: z.array(forwardingSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when done. A page may be short.' }),
  })
  .meta({ id: 'ForwardingList' });
