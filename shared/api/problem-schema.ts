import * as z from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code'),
    detail: z.string().optional(),
    field: z.string().optional().describe('The first offending field, e.g. `body.phone`'),
    errors: z
      .array(
        z.object({
          field: z.string(),
          code: z.string(),
          message: z.string(),
          detail: z.string().optional().describe('The problem in the language `Accept-Language` prefers (it, ru, tr, en)'),
        }),
      )
      .optional(),
    instance: z.string().optional().describe('The request id, for support'),
    clearsAt: z.iso
      .datetime()
      .optional()
      .describe('`channel_recently_changed`: when the changed channel may receive credentials and codes again'),
    channels: z.string().optional().describe('`channel_recently_changed`: the held channels, comma-separated (`phone`, `alternateEmail`)'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
