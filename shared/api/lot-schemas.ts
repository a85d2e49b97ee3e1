import { z } from 'zod';
import { institutionCodeSchema } from './institution-code';

export const lotSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('institutions'), institutionCodes: z.array(institutionCodeSchema).min(1).max(200) }),
  z.object({
    kind: z.literal('members'),
    memberIds: z
      .array(z.string().regex(/^m-[0-9a-f]{24}$/))
      .min(1)
      .max(5000),
  }),
]);

export const createLotBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    launchAt: z.iso.datetime({ offset: true }),
    selection: lotSelectionSchema,
  })
  .strict()
  .meta({ id: 'CreateLot' });

export const rescheduleLotBody = z
  .object({ launchAt: z.iso.datetime({ offset: true }) })
  .strict()
  .meta({ id: 'RescheduleLot' });

export const lotIdParams = z.object({ lotId: z.uuid() });

export const listLotsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});

export const lotSchema = z
  .object({
    lotId: z.uuid(),
    name: z.string(),
    state: z.enum(['scheduled', 'launching', 'launched', 'cancelled']),
    launchAt: z.iso.datetime(),
    selection: lotSelectionSchema,
    memberCount: z.number().int(),
    enqueued: z.number().int(),
    createdAt: z.iso.datetime(),
    launchedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Lot' });

export const lotListSchema = z.object({ items: z.array(lotSchema), nextCursor: z.string().nullable() }).meta({ id: 'LotList' });

export const institutionParams = z.object({ institutionCode: institutionCodeSchema });

export const progressSchema = z
  .object({
    pending: z.number().int(),
    notified: z.number().int(),
    reNotified: z.number().int(),
    bounced: z.number().int(),
    activated: z.number().int(),
    expired: z.number().int(),
  })
  .meta({ id: 'Progress', description: 'Members by state; bounced, activated and expired are filled by the flows that set them' });
