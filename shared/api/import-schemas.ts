import * as z from 'zod';
import { institutionCodeSchema } from './institution-code';

export const createImportBody = z
  .object({
    format: z.enum(['csv', 'json']),
    institutionCode: institutionCodeSchema
      .optional()
      .describe('Limit the import to one institution (a school admin’s import is always limited to theirs)'),
  })
  .strict()
  .meta({ id: 'CreateImport' });

export const jobIdParams = z.object({ jobId: z.uuid() });

export const problemsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

const counts = z.object({
  rows: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

export const importJobSchema = z
  .object({
    jobId: z.uuid(),
    state: z.enum(['awaiting-upload', 'queued', 'running', 'completed', 'failed']),
    format: z.enum(['csv', 'json']),
    institutionCode: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    counts,
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ImportJob' });

export const createdImportSchema = z
  .object({
    jobId: z.uuid(),
    state: z.literal('awaiting-upload'),
    institutionCode: z.string().nullable(),
    upload: z.object({ method: z.literal('PUT'), url: z.url(), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }),
    limits: z.object({ maxBytes: z.number().int(), maxRows: z.number().int() }),
  })
  .meta({ id: 'CreatedImport' });

export const startedImportSchema = z.object({ jobId: z.uuid(), state: z.literal('queued') }).meta({ id: 'StartedImport' });

export const importProblemsSchema = z
  .object({
    items: z.array(z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ImportProblems' });

export const resumedImportSchema = z
  .object({
    jobId: z.uuid(),
    state: z.enum(['queued', 'running']),
    resumedFromRow: z.number().int().min(1).meta({ description: 'The first row of the chunk put back on the queue' }),
  })
  .meta({ id: 'ResumedImport' });
