import * as z from 'zod';
import { HISTORY_RETENTION_DAYS } from '../progress/progress-history';
import { institutionCodeSchema } from './institution-code';

/**
 * At most 1,000 members per "next pending" lot: lot creation runs inside the HTTP call, and each
 * member is put in the lot by its own conditional transaction (member + the lot's counter item),
 * one after another because parallel transactions on the one counter item conflict. At ~10 ms
 * each that is ~10 s, within the route's timeout and API Gateway's 30 s. Bigger cohorts: several
 * lots, or a selection by institutions.
 */
export const NEXT_PENDING_MAX = 1000;

export const lotSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('institutions'), institutionCodes: z.array(institutionCodeSchema).min(1).max(200) }),
  z.object({
    kind: z.literal('members'),
    memberIds: z
      .array(z.string().regex(/^m-[0-9a-f]{24}$/))
      .min(1)
      .max(5000),
  }),
  z
    .object({
      kind: z.literal('next-pending'),
      count: z.number().int().min(1).max(NEXT_PENDING_MAX),
    })
    .meta({ description: `The oldest pending staff in no lot (by import time), across institutions; 1 to ${NEXT_PENDING_MAX}` }),
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
    released: z.number().int().meta({ description: 'Members of a cancelled lot given back to the pool so far' }),
    releasedAt: z.iso.datetime().nullable().meta({ description: 'When a cancelled lot finished giving its members back' }),
    createdAt: z.iso.datetime(),
    launchedAt: z.iso.datetime().nullable(),
    allEnqueuedAt: z.iso.datetime().nullable().optional().meta({
      description: 'When every member was handed to the account queue; the lot stays launching until each reached a terminal state',
    }),
    completedAt: z.iso
      .datetime()
      .nullable()
      .optional()
      .meta({ description: 'When every member had reached a terminal launch state (notified or beyond): the lot became launched' }),
  })
  .meta({ id: 'Lot' });

export const lotListSchema = z.object({ items: z.array(lotSchema), nextCursor: z.string().nullable() }).meta({ id: 'LotList' });

export const institutionParams = z.object({ institutionCode: institutionCodeSchema });

export const progressSchema = z
  .object({
    pending: z.number().int(),
    accountCreated: z.number().int(),
    notified: z.number().int(),
    reNotified: z.number().int(),
    bounced: z.number().int(),
    activated: z.number().int(),
    expired: z.number().int(),
  })
  .meta({
    id: 'Progress',
    description:
      'Members by state; reNotified counts members reminded at least once, bounced those with a recorded delivery failure (bounce, complaint, rejected email or SMS), who also stay counted in their state',
  });

/** One lot with its counters: a lot still `launching` shows how many members are pending or account-created. */
export const lotDetailSchema = lotSchema.extend({ progress: progressSchema }).meta({ id: 'LotDetail' });

/** `?days=N`: the last N UTC days, today included (at most the retention of the daily snapshots). */
export const progressHistoryQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(HISTORY_RETENTION_DAYS)
    .default(30)
    .meta({ description: `How many UTC days back from today (1–${HISTORY_RETENTION_DAYS}, default 30)` }),
});

export const progressHistorySchema = z
  .object({
    institutionCode: z.string(),
    from: z.iso.date().meta({ description: 'First UTC day asked for' }),
    to: z.iso.date().meta({ description: 'Last UTC day asked for (today)' }),
    days: z.array(
      z.object({
        day: z.iso.date(),
        takenAt: z.iso.datetime().meta({ description: 'When the day’s snapshot was taken (the last run that day)' }),
        counts: progressSchema,
      }),
    ),
  })
  .meta({
    id: 'ProgressHistory',
    description:
      'Members by state at each day’s snapshot (the daily progress-snapshot job), oldest first; a day without a snapshot is absent',
  });
