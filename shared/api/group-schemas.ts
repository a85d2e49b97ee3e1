import * as z from 'zod';
import { POSTING_MODES } from '../groups/group';
import { institutionCodeSchema } from './institution-code';

/** API Gateway may hand an address in a path still percent-encoded (`%40`): decoded once. */
const decodedOnce = (value: unknown) => {
  if (typeof value !== 'string' || value.includes('@') || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const memberRef = z.string().min(1).max(254).meta({
  description: 'A staff member: their member id, or their address on the new mail domain',
  example: 'mario.rossi@posta.istruzione.it',
});

// The name is only typed here: the domain checks it and answers `group_name_invalid` / `group_name_reserved`.
export const createGroupBody = z
  .object({
    name: z.string().max(64).meta({ description: 'Local part of the list address (lower case, `a-z 0-9 . - _`)', example: 'docenti-3a' }),
    displayName: z.string().trim().min(1).max(200).optional(),
    institutionCode: institutionCodeSchema
      .optional()
      .meta({ description: 'Operators only; a moderator’s lists are in their own institution' }),
    postingMode: z
      .enum(POSTING_MODES)
      .default('moderated')
      .meta({ description: '`moderated`: owners approve each post; `open`: any member posts' }),
    owners: z.array(memberRef).max(20).default([]),
  })
  .strict()
  .meta({ id: 'CreateGroup' });

export const updateGroupBody = z
  .object({
    postingMode: z.enum(POSTING_MODES).optional(),
    owners: z.array(memberRef).max(20).optional().meta({ description: 'Replaces the owners' }),
    displayName: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Change at least one of postingMode, owners, displayName' })
  .meta({ id: 'UpdateGroup' });

export const groupIdParams = z.object({ groupId: z.uuid() });
export const groupMemberParams = z.object({ groupId: z.uuid(), memberId: z.preprocess(decodedOnce, memberRef) });
export const institutionGroupsParams = z.object({ institutionCode: institutionCodeSchema });
export const listGroupsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(1000).optional(),
});

export const listJoinRequestsQuery = z.object({ state: z.enum(['pending', 'approved', 'rejected']).default('pending') });
export const decideJoinRequestParams = z.object({ groupId: z.uuid(), memberId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) });
export const decideJoinRequestBody = z
  .object({ decision: z.enum(['approve', 'reject']) })
  .strict()
  .meta({ id: 'DecideJoinRequest' });

export const exportGroupsQuery = z.object({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Only lists changed at or after this instant, deletions as tombstones; absent: a full export of the live lists' }),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const person = z.object({ memberId: z.string(), address: z.email() }).meta({ id: 'GroupPerson' });

export const groupSchema = z
  .object({
    groupId: z.uuid(),
    name: z.string(),
    address: z.email(),
    displayName: z.string().nullable(),
    institutionCode: z.string(),
    postingMode: z.enum(POSTING_MODES),
    owners: z.array(person),
    memberCount: z.number().int(),
    createdAt: z.iso.datetime(),
    changedAt: z.iso.datetime(),
  })
  .meta({ id: 'Group' });

export const groupDetailSchema = groupSchema.extend({ members: z.array(person) }).meta({ id: 'GroupDetail' });

export const groupListSchema = z.object({ items: z.array(groupSchema), nextCursor: z.string().nullable() }).meta({ id: 'GroupList' });

export const groupMemberAddedSchema = z.object({ added: z.boolean(), member: person }).meta({ id: 'GroupMemberAdded' });

export const joinRequestSchema = z
  .object({
    groupId: z.uuid(),
    memberId: z.string(),
    address: z.email(),
    state: z.enum(['pending', 'approved', 'rejected']),
    requestedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'JoinRequest' });

export const joinRequestListSchema = z.object({ items: z.array(joinRequestSchema) }).meta({ id: 'JoinRequestList' });

export const groupExportSchema = z
  .object({
    items: z.array(
      z.union([
        z.object({
          groupId: z.uuid(),
          address: z.email(),
          institutionCode: z.string(),
          deleted: z.literal(false),
          displayName: z.string().nullable(),
          postingMode: z.enum(POSTING_MODES),
          owners: z.array(z.email()),
          members: z.array(z.email()),
          changedAt: z.iso.datetime(),
        }),
        z.object({
          groupId: z.uuid(),
          address: z.email(),
          institutionCode: z.string(),
          deleted: z.literal(true),
          changedAt: z.iso.datetime(),
        }),
      ]),
    ),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when done' }),
    nextSince: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'On the last page: the `since` of the next changed-since export (a little overlap is on purpose)' }),
  })
  .meta({ id: 'GroupExport' });
