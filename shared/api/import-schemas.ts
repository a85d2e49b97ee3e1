import * as z from 'zod';
import { IMPORT_ENCODINGS } from '../imports/decode-file';
import { STALLED_AFTER_MS } from '../imports/import-job';
import { LOCALES } from '../profiles/profile-ids';
import { languageOfTag, STAFF_CATEGORIES, STAFF_FIELDS } from '../staff';
import { institutionCodeSchema } from './institution-code';

const label = z.string().min(1).max(100);

/** An export's own words: which header is which field, which label is which category id or language tag. */
export const importMappingSchema = z
  .object({
    columns: z
      .record(label, z.enum(STAFF_FIELDS).nullable())
      .refine((m) => Object.keys(m).length <= 60, 'at most 60 columns')
      .optional()
      .describe('File header → field (`null`: ignore that column); headers not named here use the built-in names'),
    values: z
      .object({
        category: z
          .record(label, z.enum(STAFF_CATEGORIES))
          .refine((m) => Object.keys(m).length <= 200, 'at most 200 labels')
          .optional()
          .describe('Category label as the file writes it → category id'),
        locale: z
          .record(
            label,
            z
              .string()
              .max(35)
              .refine((tag) => languageOfTag(tag) !== undefined, `must be a language tag of ${LOCALES.join(', ')}`),
          )
          .refine((m) => Object.keys(m).length <= 200, 'at most 200 labels')
          .optional()
          .describe('Language label as the file writes it → language tag (reduced to its language: it-IT → it)'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'ImportMapping' });

export const createImportBody = z
  .object({
    format: z.enum(['csv', 'json']),
    institutionCode: institutionCodeSchema
      .optional()
      .describe('Limit the import to one institution (a school admin’s import is always limited to theirs)'),
    encoding: z
      .enum(IMPORT_ENCODINGS)
      .default('auto')
      .describe('What the file is in; `auto`: a byte-order mark, else UTF-8, else the profile’s Windows code page'),
    mapping: importMappingSchema.optional(),
    validateOnly: z.boolean().default(false).describe('Check every row and report every problem; write no member'),
  })
  .strict()
  .meta({ id: 'CreateImport' });

export const jobIdParams = z.object({ jobId: z.uuid() });

export const problemsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(400).optional(),
});

export const problemsCsvQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
  cursor: z.string().max(400).optional(),
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
    encoding: z.enum(IMPORT_ENCODINGS),
    decodedAs: z.string().nullable().describe('What the file was read as, e.g. `windows-1251` or `utf-8 (byte-order mark)`'),
    mapping: importMappingSchema.nullable(),
    validateOnly: z.boolean(),
    movesMembers: z.boolean().describe('Whether a row may move a member from another institution (operators’ imports)'),
    institutionCode: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    progressedAt: z.iso
      .datetime()
      .nullable()
      .describe('When the job last moved: started, a chunk counted, or resumed (null: stored before this was recorded)'),
    stalled: z
      .boolean()
      .describe(
        `Queued or running and not moved for longer than the import queue’s visibility timeout plus its consumer timeout (${STALLED_AFTER_MS / 60_000} minutes): an operator may resume it`,
      ),
    finishedAt: z.iso.datetime().nullable(),
    counts,
    failure: z.object({ code: z.string(), message: z.string() }).nullable(),
    reading: z
      .object({
        columns: z
          .array(
            z.object({ header: z.string(), field: z.enum(STAFF_FIELDS).nullable().describe('null: no name or mapping knows it; ignored') }),
          )
          .describe('Each header (CSV) or key (JSON) of the file and the field it was read as'),
        unknownLabels: z
          .object({ category: z.array(z.string()), locale: z.array(z.string()) })
          .describe('Category and language labels no built-in name or the mapping reads (distinct, at most 50 each)'),
      })
      .nullable()
      .describe(
        'What the file’s own words were read as, once it is read (or refused after its header): what a `mapping` may name. Labels are read only when every required column is found.',
      ),
  })
  .meta({ id: 'ImportJob' });

export const createdImportSchema = z
  .object({
    jobId: z.uuid(),
    state: z.literal('awaiting-upload'),
    institutionCode: z.string().nullable(),
    encoding: z.enum(IMPORT_ENCODINGS),
    validateOnly: z.boolean(),
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
export const importFormatSchema = z
  .object({
    profile: z.string(),
    columns: z.array(
      z.object({
        field: z.enum(STAFF_FIELDS),
        required: z.boolean(),
        label: z.string().describe('The header the template uses (the profile’s language)'),
        aliases: z.array(z.string()).describe('Other headers read as this field (case, spaces, `_` and `-` do not matter)'),
      }),
    ),
    categories: z.array(
      z.object({
        id: z.enum(STAFF_CATEGORIES),
        labels: z.record(z.string(), z.string()).describe('The label shown, per language'),
        aliases: z.array(z.string()).describe('Labels read as this category'),
      }),
    ),
    locales: z.array(
      z.object({ tag: z.enum(LOCALES), names: z.array(z.string()).describe('Names read as this language, besides any tag of it') }),
    ),
    defaultLocale: z.enum(LOCALES),
    institutionCode: z.object({ pattern: z.string(), example: z.string() }),
    encodings: z.array(z.enum(IMPORT_ENCODINGS)),
    legacyEncoding: z.string().describe('The code page `auto` falls back to'),
    separators: z.array(z.string()),
    limits: z.object({ maxBytes: z.number().int(), maxRows: z.number().int() }),
  })
  .meta({ id: 'ImportFormat' });
