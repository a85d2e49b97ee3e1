import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import { type Actor, actingInstitution, assertInstitution, mayActOnInstitution } from '../auth/scope';
import type { Clock } from '../clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { foldMemberLogin, hasUnsafeNameCharacters, isEmailAddress } from '../staff';
import { type Group, type GroupPerson, groupAddress, groupView, type JoinRequestState, joinRequestView, type PostingMode } from './group';
import type { GroupStore } from './group-store';

export interface GroupDeps {
  groups: GroupStore;
  members: Pick<MemberStore, 'get' | 'getByAddress'>;
  audit: AuditLog;
  profile: Pick<Profile, 'newMailDomain'>;
  clock: Clock;
  newId?: () => string;
}

/** Who asks, and the HTTP request id the audit record is filed under. */
export interface GroupCall {
  actor: Actor;
  requestId: string;
}

const MEMBER_ID = /^[A-Za-z0-9_-]{1,128}$/;

const roleOf = (actor: Actor) => (actor.roles.includes('operator') ? 'operator' : 'moderator');

/**
 * A list's display name is shown as a name is (the console, the mail system's export, which puts it
 * in the list's mail headers): the characters refused in people's and institutions' names
 * (control characters such as a line break, bidirectional overrides, zero-width characters:
 * shared/staff/staff-row.ts, after Unicode TR #36) are refused here too, 400 `name_unsafe_characters`.
 */
function assertDisplayName(displayName: string | null | undefined) {
  if (displayName && hasUnsafeNameCharacters(displayName)) {
    throw new ValidationError([
      {
        field: 'body.displayName',
        code: 'name_unsafe_characters',
        message: 'displayName contains control, bidirectional-override or zero-width characters',
      },
    ]);
  }
}

function audit(
  deps: GroupDeps,
  call: GroupCall,
  action: string,
  group: Pick<Group, 'groupId' | 'institutionCode'>,
  details: Record<string, string | number | boolean | string[]> = {},
  refused?: string,
) {
  return deps.audit.record({
    actor: call.actor.sub,
    role: roleOf(call.actor),
    action,
    target: `GROUP#${group.groupId}`,
    institution: group.institutionCode,
    at: deps.clock.now(),
    requestId: call.requestId,
    outcome: refused ? 'refused' : 'success',
    ...(refused && { reason: refused }),
    details: { groupId: group.groupId, ...details },
  });
}

/** The refusal is audited too: a moderator probing other institutions' lists leaves a trace. */
async function assertGroupScope(deps: GroupDeps, call: GroupCall, action: string, group: Pick<Group, 'groupId' | 'institutionCode'>) {
  if (mayActOnInstitution(call.actor, group.institutionCode)) return;
  await audit(deps, call, action, group, {}, 'institution_out_of_scope');
  throw new ForbiddenError('This institution is outside your scope', 'institution_out_of_scope');
}

const groupNotFound = () => new NotFoundError('The mailing group', 'group_not_found');

async function liveGroup(groupId: string, deps: GroupDeps): Promise<Group> {
  const group = await deps.groups.get(groupId);
  if (!group || group.deletedAt) throw groupNotFound();
  return group;
}

/** A live list the caller may manage (404 before 403: a tombstone's institution is not disclosed). */
async function managedGroup(groupId: string, action: string, deps: GroupDeps, call: GroupCall): Promise<Group> {
  const group = await liveGroup(groupId, deps);
  await assertGroupScope(deps, call, action, group);
  return group;
}

/**
 * A staff member of the deployment by member id or by their new address (case-insensitive):
 * 400 `member_ref_invalid` when it is neither, 404 `member_not_found` when Posta knows no one by it.
 */
export async function resolvePerson(typed: string, field: string, deps: Pick<GroupDeps, 'members'>): Promise<GroupPerson> {
  const byAddress = typed.includes('@');
  // An address as a moderator types or pastes it: spaces, capitals (a Turkish keyboard's İ) folded.
  const ref = byAddress ? foldMemberLogin(typed) : typed;
  if (byAddress ? !isEmailAddress(ref) : !MEMBER_ID.test(ref)) {
    throw new ValidationError([{ field, code: 'member_ref_invalid', message: 'Give a member id or a staff member’s address' }]);
  }
  const member = byAddress ? await deps.members.getByAddress(ref) : await deps.members.get(ref);
  if (!member) throw new NotFoundError(`The staff member \`${ref}\``, 'member_not_found');
  return { memberId: member.memberId, address: member.address };
}

async function resolveOwners(refs: string[], deps: GroupDeps): Promise<GroupPerson[]> {
  const owners: GroupPerson[] = [];
  for (const [i, ref] of refs.entries()) {
    const person = await resolvePerson(ref, `body.owners.${i}`, deps);
    if (!owners.some((o) => o.memberId === person.memberId)) owners.push(person);
  }
  return owners;
}

export interface CreateGroupInput {
  name: string;
  displayName?: string | undefined;
  institutionCode?: string | undefined;
  postingMode: PostingMode;
  owners: string[];
}

/**
 * A moderator's list is in their own institution (from the server-side role store; naming one
 * they do not moderate is a 403, and a moderator of several names one); an operator names the
 * institution. The address is claimed with the members' addresses, so a list never takes a
 * person's address and vice versa.
 */
export async function createGroup(input: CreateGroupInput, call: GroupCall, deps: GroupDeps) {
  assertDisplayName(input.displayName);
  // Named: decided (and a refusal audited) in the group's trail below, like every group action.
  const institutionCode = input.institutionCode ?? actingInstitution(call.actor, null, 'body.institutionCode');
  if (!institutionCode) {
    throw new ValidationError([{ field: 'body.institutionCode', code: 'required', message: 'Name the institution the list belongs to' }]);
  }
  const groupId = (deps.newId ?? randomUUID)();
  await assertGroupScope(deps, call, 'group.create', { groupId, institutionCode });
  const address = groupAddress(input.name, deps.profile.newMailDomain);
  const owners = await resolveOwners(input.owners, deps);
  const at = deps.clock.now().toISOString();
  const group: Group = {
    groupId,
    name: input.name,
    address,
    displayName: input.displayName ?? null,
    institutionCode,
    postingMode: input.postingMode,
    owners,
    memberCount: 0,
    createdAt: at,
    createdBy: call.actor.sub,
    changedAt: at,
  };
  if (!(await deps.groups.create(group))) throw new ConflictError(`The address ${address} is already in use`, 'address_taken', 'body.name');
  await audit(deps, call, 'group.created', group, { address, postingMode: group.postingMode, ownerIds: owners.map((o) => o.memberId) });
  return groupView(group);
}

export async function listGroups(
  institutionCode: string,
  query: { limit: number; cursor?: string | undefined },
  actor: Actor,
  deps: GroupDeps,
) {
  assertInstitution(actor, institutionCode);
  const page = await deps.groups.listByInstitution(institutionCode, query.limit, query.cursor);
  return { items: page.items.map(groupView), nextCursor: page.nextCursor };
}

export async function getGroup(groupId: string, call: GroupCall, deps: GroupDeps) {
  const group = await managedGroup(groupId, 'group.read', deps, call);
  return { ...groupView(group), members: await deps.groups.members(groupId) };
}

export interface UpdateGroupInput {
  postingMode?: PostingMode | undefined;
  owners?: string[] | undefined;
  displayName?: string | null | undefined;
}

export async function updateGroup(groupId: string, input: UpdateGroupInput, call: GroupCall, deps: GroupDeps) {
  assertDisplayName(input.displayName);
  const group = await managedGroup(groupId, 'group.update', deps, call);
  const set: Partial<Pick<Group, 'postingMode' | 'owners' | 'displayName'>> = {};
  if (input.postingMode !== undefined) set.postingMode = input.postingMode;
  if (input.displayName !== undefined) set.displayName = input.displayName;
  if (input.owners !== undefined) set.owners = await resolveOwners(input.owners, deps);
  const at = deps.clock.now().toISOString();
  if (!(await deps.groups.update(groupId, set, at))) throw groupNotFound();
  await audit(deps, call, 'group.updated', group, {
    fields: Object.keys(set),
    ...(set.postingMode && { postingMode: set.postingMode }),
    ...(set.owners && { ownerIds: set.owners.map((o) => o.memberId) }),
  });
  return groupView({ ...group, ...set, changedAt: at });
}

export async function deleteGroup(groupId: string, call: GroupCall, deps: GroupDeps): Promise<void> {
  const group = await managedGroup(groupId, 'group.delete', deps, call);
  if (!(await deps.groups.remove(group, deps.clock.now().toISOString()))) throw groupNotFound();
  await audit(deps, call, 'group.deleted', group, { address: group.address });
}

/** Idempotent: adding a member twice is a 200 with `added: false`, the first time a 201. */
export async function addGroupMember(groupId: string, ref: string, call: GroupCall, deps: GroupDeps) {
  const group = await managedGroup(groupId, 'group.member-add', deps, call);
  const person = await resolvePerson(ref, 'params.memberId', deps);
  const outcome = await deps.groups.addMember(groupId, person, call.actor.sub, deps.clock.now().toISOString());
  if (outcome === 'no_group') throw groupNotFound();
  if (outcome === 'added') await audit(deps, call, 'group.member-added', group, { memberId: person.memberId });
  return { added: outcome === 'added', member: person };
}

export async function removeGroupMember(groupId: string, ref: string, call: GroupCall, deps: GroupDeps): Promise<void> {
  const group = await managedGroup(groupId, 'group.member-remove', deps, call);
  const person = await resolvePerson(ref, 'params.memberId', deps);
  const outcome = await deps.groups.removeMember(groupId, person.memberId, deps.clock.now().toISOString());
  if (outcome === 'no_group') throw groupNotFound();
  if (outcome === 'not_member') throw new NotFoundError('This member on the list', 'not_a_member');
  await audit(deps, call, 'group.member-removed', group, { memberId: person.memberId });
}

/**
 * A staff member asks to join a list of an institution they are staff of (404 before 403, as for
 * moderators). They are found by their login (their new address, the `ADDRESS#` claim): an
 * account outside the staff register cannot ask.
 */
export async function requestToJoin(groupId: string, call: GroupCall, deps: GroupDeps) {
  const { actor: caller, requestId } = call;
  const group = await liveGroup(groupId, deps);
  assertInstitution(caller, group.institutionCode);
  const member = caller.login ? await deps.members.getByAddress(caller.login.toLowerCase()) : null;
  if (!member) throw new ForbiddenError('Your account is not on the staff register', 'not_staff_member');
  if (await deps.groups.isMember(groupId, member.memberId)) throw new ConflictError('You are already on this list', 'already_member');
  const request = {
    groupId,
    memberId: member.memberId,
    address: member.address,
    state: 'pending' as const,
    requestedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.groups.putJoinRequest(request)))
    throw new ConflictError('Your request is already waiting for a moderator', 'join_request_pending');
  await deps.audit.record({
    actor: caller.sub,
    role: 'staff',
    action: 'group.join-requested',
    target: `GROUP#${groupId}`,
    institution: group.institutionCode,
    at: deps.clock.now(),
    requestId,
    outcome: 'success',
    details: { groupId, memberId: member.memberId },
  });
  return joinRequestView(request);
}

export async function listJoinRequests(groupId: string, state: JoinRequestState, call: GroupCall, deps: GroupDeps) {
  await managedGroup(groupId, 'group.join-requests-read', deps, call);
  const requests = await deps.groups.joinRequests(groupId, state);
  return { items: requests.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)).map(joinRequestView) };
}

/**
 * Approving adds the member first (idempotent) and then closes the request, so a retry after a
 * failure in between finishes the job instead of answering `already_decided`.
 */
export async function decideJoinRequest(
  groupId: string,
  memberId: string,
  decision: 'approve' | 'reject',
  call: GroupCall,
  deps: GroupDeps,
) {
  const group = await managedGroup(groupId, 'group.join-decide', deps, call);
  const request = await deps.groups.getJoinRequest(groupId, memberId);
  if (!request) throw new NotFoundError('The join request', 'join_request_not_found');
  if (request.state !== 'pending') throw new ConflictError(`The request was already ${request.state}`, 'already_decided');
  const at = deps.clock.now().toISOString();
  if (decision === 'approve') {
    const added = await deps.groups.addMember(groupId, { memberId, address: request.address }, call.actor.sub, at);
    if (added === 'no_group') throw groupNotFound();
    if (added === 'added') await audit(deps, call, 'group.member-added', group, { memberId, joinRequest: true });
  }
  const to = decision === 'approve' ? 'approved' : 'rejected';
  if (!(await deps.groups.decideJoinRequest(groupId, memberId, to, call.actor.sub, at))) {
    throw new ConflictError('The request was decided meanwhile', 'already_decided');
  }
  await audit(deps, call, `group.join-${to}`, group, { memberId });
  return joinRequestView({ ...request, state: to, decidedAt: at, decidedBy: call.actor.sub });
}
