import type { z } from 'zod';
import { meSchema } from './account-schemas';
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
};
