import * as z from 'zod';
import { INSTITUTION_NAME_MAX } from '../institutions/institution';
import { institutionCodeSchema } from './institution-code';

export const institutionCodeParams = z.object({ institutionCode: institutionCodeSchema });

export const putInstitutionBody = z
  .object({
    name: z.string().trim().min(1).max(INSTITUTION_NAME_MAX),
    city: z.string().max(INSTITUTION_NAME_MAX).nullable().optional(),
    region: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .describe('What regional support agents are scoped by (`supportScope.regions`); absent clears it, as a PUT replaces'),
  })
  .strict()
  .meta({ id: 'PutInstitution' });

export const listInstitutionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1000).optional(),
  prefix: z.string().trim().toUpperCase().min(1).max(40).optional().meta({
    description: 'Only codes starting with this (case-insensitive): an institution picker narrows as the user types',
    example: 'RMIC',
  }),
});

export const institutionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    registeredAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'Institution' });

export const putInstitutionAnswer = z
  .object({ institution: institutionSchema, changed: z.boolean().describe('false: the registry already held exactly this') })
  .meta({ id: 'PutInstitutionAnswer' });

export const institutionListSchema = z
  .object({
    items: z.array(institutionSchema),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when done' }),
  })
  .meta({ id: 'InstitutionList' });

export const bulkInstitutionsAnswer = z
  .object({ rows: z.number().int(), registered: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
  .meta({ id: 'BulkInstitutionsAnswer' });
