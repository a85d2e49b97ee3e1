import * as z from 'zod';

export const healthSchema = z
  .object({
    status: z.enum(['ok']),
    profile: z.string(),
    time: z.iso.datetime(),
    checks: z.object({
      directory: z.enum(['ok']),
      scheduler: z.object({ lastRunAt: z.iso.datetime().nullable() }),
    }),
  })
  .meta({ id: 'Health' });
