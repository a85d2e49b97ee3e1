import * as z from 'zod';
import { ROLES } from '../catalog';
import { institutionCodeSchema } from './institution-code';

const roleSchema = z.enum(ROLES);
const subSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a user’s sub');
const regionSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);

export const supportScopeSchema = z
  .union([z.literal('all'), z.object({ regions: z.array(regionSchema).min(1).max(50) })])
  .meta({ description: 'A support agent’s reach: `all`, or the institutions of some regions' });

export const roleAssignmentSubParams = z.object({ sub: subSchema });
export const roleAssignmentParams = z.object({ sub: subSchema, role: roleSchema });
/** Without an institution, the role goes everywhere the user holds it. */
export const revokeRoleQuery = z.object({ institutionCode: institutionCodeSchema.optional() });

/**
 * `institutionCode` for every role but `operator` and `auditor` (deployment-wide) and `support`
 * (which takes `supportScope`); the use case checks which one the role needs.
 */
export const grantRoleBody = z.object({
  role: roleSchema,
  institutionCode: institutionCodeSchema.optional(),
  supportScope: supportScopeSchema.optional(),
});

/** By role (and institution), paginated; or every pair of one user (`sub`, in one page). */
export const listRoleAssignmentsQuery = z.object({
  role: roleSchema.optional(),
  sub: subSchema.optional(),
  institutionCode: institutionCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1000).optional(),
});

export const roleAssignmentSchema = z.object({
  sub: z.string(),
  login: z.string(),
  role: roleSchema,
  institutionCode: z.string().nullable(),
  region: z.string().nullable(),
  supportScope: supportScopeSchema.nullable(),
  grantedAt: z.string(),
  grantedBy: z.string(),
});

export const roleAssignmentListSchema = z.object({
  items: z.array(roleAssignmentSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when done' }),
});
