import type { z } from 'zod';
import { meSchema } from './account-schemas';
import {
  exportForwardingsQuery,
  forwardingListSchema,
  forwardingParams,
  forwardingSchema,
  listForwardingsQuery,
} from './forwarding-schemas';
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
  decideLateRequestBody,
  lateRequestIdParams,
  lateRequestListSchema,
  lateRequestSchema,
  listLateRequestsParams,
  listLateRequestsQuery,
  startedLateRequestSchema,
  startLateRequestBody,
  verifiedLateRequestSchema,
  verifyLateRequestBody,
} from './late-request-schemas';
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
import {
  changePasswordBody,
  confirmForgotPasswordBody,
  forgotPasswordAnswer,
  forgotPasswordBody,
  passwordChangedSchema,
  passwordResetSchema,
} from './password-schemas';

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
  forgotPassword: {
    body: forgotPasswordBody,
    responses: {
      202: {
        description: 'Accepted: a code is sent by SMS if the login exists (the same answer either way)',
        schema: forgotPasswordAnswer,
      },
    },
    // 429 `too_many_requests`: Cognito's own limits on reset requests.
    problems: [429],
  },
  confirmForgotPassword: {
    body: confirmForgotPasswordBody,
    responses: { 200: { description: 'The new password is set', schema: passwordResetSchema } },
    // 400 `code_invalid` (also for an unknown login), `code_expired`, `password_policy`; 429 `too_many_requests`.
    problems: [429],
  },
  changeMyPassword: {
    body: changePasswordBody,
    responses: { 200: { description: 'The new password is set', schema: passwordChangedSchema } },
    // 400 `current_password_invalid`, `password_policy`; 429 `too_many_requests`.
    problems: [403, 429],
  },
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
  startLateRequest: {
    body: startLateRequestBody,
    responses: { 202: { description: 'A code is on its way by SMS (the same answer for everyone)', schema: startedLateRequestSchema } },
    // 429 `too_many_requests`: at most 3 codes an hour per phone and per national ID.
    problems: [429],
  },
  verifyLateRequest: {
    params: lateRequestIdParams,
    body: verifyLateRequestBody,
    responses: { 200: { description: 'Confirmed: the school admin decides next', schema: verifiedLateRequestSchema } },
    // 400 `code_invalid`; 404; 409 `code_expired`, `already_member`, `request_already_verified`; 429 `too_many_attempts`.
    problems: [404, 409, 429],
  },
  listLateRequests: {
    params: listLateRequestsParams,
    query: listLateRequestsQuery,
    responses: { 200: { description: 'Late requests, oldest first', schema: lateRequestListSchema } },
    problems: [403],
  },
  decideLateRequest: {
    params: lateRequestIdParams,
    body: decideLateRequestBody,
    responses: { 200: { description: 'The decided request (approved: with memberId, address and lotId)', schema: lateRequestSchema } },
    // 409 `already_decided`, `request_not_verified`, `already_member`, `address_taken`.
    problems: [403, 404, 409],
  },
  getForwarding: {
    params: forwardingParams,
    responses: { 200: { description: 'Forward to `to` until `until`', schema: forwardingSchema } },
    // 404 `forwarding_not_found` (unknown, not launched yet or expired, alike) or `forwarding_not_offered`.
    problems: [403, 404],
  },
  listForwardings: {
    query: listForwardingsQuery,
    responses: { 200: { description: 'Open forwardings, by lot and member; a page may be short', schema: forwardingListSchema } },
    problems: [403, 404],
  },
  exportForwardings: {
    query: exportForwardingsQuery,
    responses: { 200: { description: 'text/csv `from,to,until`; the next page’s cursor in the `x-next-cursor` header' } },
    problems: [403, 404],
  },
};
