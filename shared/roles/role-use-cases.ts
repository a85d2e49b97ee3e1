import type { AuditLog } from '../audit/audit-log';
import { isDeploymentRole } from '../auth/role-names';
import type { Actor, InstitutionRegions, SupportScope } from '../auth/scope';
import type { Role } from '../catalog';
import type { Clock } from '../clock';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { RoleDirectory } from './role-directory';
import type { Page, RoleAssignment, RoleStore } from './role-store';

export interface RoleDeps {
  roles: RoleStore;
  directory: RoleDirectory;
  regions: InstitutionRegions;
  audit: AuditLog;
  clock: Clock;
}

export interface RoleCall {
  actor: Actor;
  requestId: string;
}

export interface GrantInput {
  role: Role;
  institutionCode?: string;
  supportScope?: SupportScope;
}

/**
 * What a role is scoped by: operators and auditors act deployment-wide, support agents by reach (all, or
 * regions), everyone else in one institution per assignment. A grant carrying the wrong kind is
 * refused, so no assignment exists that the policy would read differently from what the operator meant.
 */
function checkScopeKind(input: GrantInput): void {
  const problem = (field: string, message: string) => new ValidationError([{ field: `body.${field}`, code: 'scope_mismatch', message }]);
  if (isDeploymentRole(input.role)) {
    if (input.institutionCode || input.supportScope)
      throw problem('role', `The ${input.role} role is deployment-wide: give no institution or reach`);
  } else if (input.role === 'support') {
    if (!input.supportScope) throw problem('supportScope', 'A support agent needs a reach: "all" or { regions }');
    if (input.institutionCode) throw problem('institutionCode', 'A support agent is scoped by reach, not by institution');
  } else {
    if (!input.institutionCode) throw problem('institutionCode', `The ${input.role} role needs an institution`);
    if (input.supportScope) throw problem('supportScope', 'Only support agents have a reach');
  }
}

function audit(
  deps: RoleDeps,
  call: RoleCall,
  action: string,
  sub: string,
  role: Role,
  institution: string | null,
  details = {},
  refused?: string,
) {
  return deps.audit.record({
    actor: call.actor.sub,
    role: 'operator',
    action,
    target: `PRINCIPAL#${sub}`,
    institution: institution ?? 'none',
    at: deps.clock.now(),
    requestId: call.requestId,
    outcome: refused ? 'refused' : 'success',
    ...(refused && { reason: refused }),
    details: { role, ...details },
  });
}

/**
 * Grants a role in an institution (or a support reach): one more (role, institution) pair; the
 * user's other pairs stay as they are. The Cognito group first (the token side), then the
 * assignment — which the API reads on every call, so it counts at once — then every session of
 * the user is ended, so no token issued before the change is refreshed.
 */
export async function grantRole(sub: string, input: GrantInput, call: RoleCall, deps: RoleDeps): Promise<RoleAssignment> {
  checkScopeKind(input);
  const login = await deps.directory.loginOf(sub);
  if (login === null) throw new NotFoundError('The user', 'user_not_found');
  const institutionCode = input.institutionCode ?? null;
  const assignment: RoleAssignment = {
    sub,
    login,
    role: input.role,
    institutionCode,
    // Regional support agents reach an institution by its region, so it is kept with the grant.
    region: institutionCode ? await deps.regions.regionOf(institutionCode) : null,
    supportScope: input.supportScope ?? null,
    grantedAt: deps.clock.now().toISOString(),
    grantedBy: call.actor.sub,
  };
  await deps.directory.addToGroup(sub, input.role);
  await deps.roles.grant(assignment);
  await deps.directory.signOutEverywhere(sub);
  await audit(deps, call, 'role.grant', sub, input.role, institutionCode, {
    ...(input.supportScope && { supportScope: input.supportScope === 'all' ? 'all' : input.supportScope.regions }),
  });
  return assignment;
}

/**
 * Revokes a role in one institution, or everywhere without `institutionCode`; it counts at the
 * user's very next call (the API reads the role store, not the token), and every session is ended.
 * The Cognito group goes only with the user's last pair of the role. An operator may not revoke
 * their own operator role (409): the deployment must not lose its last operator by a slip, and
 * another operator can do it.
 */
export async function revokeRole(
  sub: string,
  role: Role,
  institutionCode: string | undefined,
  call: RoleCall,
  deps: RoleDeps,
): Promise<void> {
  if (role === 'operator' && sub === call.actor.sub) {
    await audit(deps, call, 'role.revoke', sub, role, null, {}, 'own_operator_role');
    throw new ConflictError('You cannot revoke your own operator role', 'own_operator_role');
  }
  if (institutionCode && (isDeploymentRole(role) || role === 'support')) {
    throw new ValidationError([
      { field: 'query.institutionCode', code: 'scope_mismatch', message: `The ${role} role is not held per institution` },
    ]);
  }
  // Idempotent, and it also clears a group given outside Posta (the demo seed, the console).
  if ((await deps.directory.loginOf(sub)) === null) throw new NotFoundError('The user', 'user_not_found');
  const { remaining } = await deps.roles.revoke(sub, role, institutionCode ?? null);
  if (remaining === 0) await deps.directory.removeFromGroup(sub, role);
  await deps.directory.signOutEverywhere(sub);
  await audit(deps, call, 'role.revoke', sub, role, institutionCode ?? null);
}

/** The assignments of a role (optionally in one institution), or every pair one user holds (`sub`). */
export async function listRoleAssignments(
  query: {
    role?: Role | undefined;
    institutionCode?: string | undefined;
    sub?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
  deps: Pick<RoleDeps, 'roles'>,
): Promise<Page<RoleAssignment>> {
  if (query.sub !== undefined) {
    const items = (await deps.roles.assignmentsOf(query.sub)).filter(
      (a) => (!query.role || a.role === query.role) && (!query.institutionCode || a.institutionCode === query.institutionCode),
    );
    return { items, nextCursor: null };
  }
  if (!query.role) throw new ValidationError([{ field: 'query.role', code: 'required', message: 'Name a role, or a user (sub)' }]);
  return deps.roles.list(query.role, query.institutionCode, query.limit, query.cursor);
}
