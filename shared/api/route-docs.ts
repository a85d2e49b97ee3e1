import type { z } from 'zod';
import { meSchema } from './account-schemas';
import {
  createdImportSchema,
  createImportBody,
  importJobSchema,
  importProblemsSchema,
  jobIdParams,
  problemsQuery,
  startedImportSchema,
} from './import-schemas';
import {
  createLotBody,
  institutionParams,
  listLotsQuery,
  lotIdParams,
  lotListSchema,
  lotSchema,
  progressSchema,
  rescheduleLotBody,
} from './lot-schemas';
import { healthSchema } from './operations-schemas';

/** Request and response schemas per catalog route id; the OpenAPI document is built from these. */
export interface RouteDoc {
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Success status → schema (undefined: no body). */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Error statuses this route may answer with, beyond the common 400/401/500. */
  problems?: number[];
}

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  health: {
    responses: { 200: { description: 'Posta and its table answer', schema: healthSchema } },
    problems: [503],
  },
  openapi: { responses: { 200: { description: 'The OpenAPI 3.1 document' } } },
  getMe: { responses: { 200: { description: 'The signed-in user', schema: meSchema } } },
  createImport: {
    body: createImportBody,
    responses: { 201: { description: 'The job, and where to PUT the file', schema: createdImportSchema } },
    problems: [403],
  },
  startImport: {
    params: jobIdParams,
    responses: { 202: { description: 'Processing starts', schema: startedImportSchema } },
    problems: [403, 404, 409, 413],
  },
  getImport: {
    params: jobIdParams,
    responses: { 200: { description: 'The job and its counts', schema: importJobSchema } },
    problems: [403, 404],
  },
  listImportProblems: {
    params: jobIdParams,
    query: problemsQuery,
    responses: { 200: { description: 'Rejected rows, one problem per field, in row order', schema: importProblemsSchema } },
    problems: [403, 404],
  },
  createLot: {
    body: createLotBody,
    responses: { 201: { description: 'The lot, with the number of members put in it', schema: lotSchema } },
    problems: [403],
  },
  listLots: { query: listLotsQuery, responses: { 200: { description: 'Lots by launch time', schema: lotListSchema } }, problems: [403] },
  getLot: { params: lotIdParams, responses: { 200: { description: 'The lot', schema: lotSchema } }, problems: [403, 404] },
  rescheduleLot: {
    params: lotIdParams,
    body: rescheduleLotBody,
    responses: { 200: { description: 'The lot with its new launch time', schema: lotSchema } },
    problems: [403, 404, 409],
  },
  cancelLot: {
    params: lotIdParams,
    responses: { 200: { description: 'The cancelled lot', schema: lotSchema } },
    problems: [403, 404, 409],
  },
  getLotProgress: {
    params: lotIdParams,
    responses: { 200: { description: 'Counts by state', schema: progressSchema } },
    problems: [403, 404],
  },
  getInstitutionProgress: {
    params: institutionParams,
    responses: { 200: { description: 'Counts by state', schema: progressSchema } },
    problems: [403],
  },
  exportInstitutionMembers: {
    params: institutionParams,
    responses: { 200: { description: 'text/csv (UTF-8 with BOM), one member a line' } },
    problems: [403],
  },
};
