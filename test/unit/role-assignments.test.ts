import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import { isDeploymentRole } from '../../shared/auth/role-names';
import type { RoleDirectory } from '../../shared/roles/role-directory';
import type { RoleAssignment, RoleStore } from '../../shared/roles/role-store';
import { grantRole, listRoleAssignments, type RoleDeps, revokeRole } from '../../shared/roles/role-use-cases';
import { actorOf, held } from '../helpers/actors';

const operator = actorOf('grantRole', [held('operator')], { sub: 'op-1', login: 'op@x' });
const at = new Date('2027-03-01T09:00:00Z');

/** The role store's contract, in memory: one entry per (user, role, institution) pair. */
function memoryRoles(): RoleStore & { pairs: RoleAssignment[] } {
  const pairs: RoleAssignment[] = [];
  const same = (a: RoleAssignment, b: RoleAssignment) =>
    a.sub === b.sub && a.role === b.role && (isDeploymentRole(a.role) || a.role === 'support' || a.institutionCode === b.institutionCode);
  return {
    pairs,
    grant: async (a) => {
      const i = pairs.findIndex((p) => same(p, a));
      if (i >= 0) pairs.splice(i, 1, a);
      else pairs.push(a);
    },
    revoke: async (sub, role, institutionCode) => {
      const ofRole = pairs.filter((p) => p.sub === sub && p.role === role);
      const going = ofRole.filter((p) => institutionCode === null || p.institutionCode === institutionCode);
      for (const p of going) pairs.splice(pairs.indexOf(p), 1);
      return { revoked: going, remaining: ofRole.length - going.length };
    },
    assignmentsOf: async (sub) => pairs.filter((p) => p.sub === sub),
    list: async (role, institutionCode) => ({
      items: pairs.filter((p) => p.role === role && (!institutionCode || p.institutionCode === institutionCode)),
      nextCursor: null,
    }),
  };
}

function fakes() {
  const calls: string[] = [];
  const audit: AuditEntry[] = [];
  const directory: RoleDirectory = {
    loginOf: async (sub) => (sub === 'ghost' ? null : `${sub}@posta.example`),
    addToGroup: async (sub, role) => void calls.push(`add ${sub} ${role}`),
    removeFromGroup: async (sub, role) => void calls.push(`remove ${sub} ${role}`),
    signOutEverywhere: async (sub) => void calls.push(`sign out ${sub}`),
  };
  const roles = memoryRoles();
  const deps: RoleDeps = {
    roles,
    directory,
    regions: { regionOf: async (code) => (code === 'SCH00001' ? 'NORTH' : null) },
    audit: { record: async (e) => void audit.push(e) },
    clock: { now: () => at },
  };
  return { deps, calls, pairs: roles.pairs, audit };
}
const call = { actor: operator, requestId: 'req-1' };
const pairsOf = (pairs: RoleAssignment[]) => pairs.map((p) => `${p.role}@${p.institutionCode ?? '*'}`).sort();

describe('role assignments', () => {
  it('a grant adds the group, records the pair with the institution’s region, signs the user out everywhere, and is audited', async () => {
    const { deps, calls, pairs, audit } = fakes();
    const out = await grantRole('u-1', { role: 'school-admin', institutionCode: 'SCH00001' }, call, deps);
    expect(calls).toEqual(['add u-1 school-admin', 'sign out u-1']);
    expect(pairs).toEqual([out]);
    expect(out).toMatchObject({ login: 'u-1@posta.example', institutionCode: 'SCH00001', region: 'NORTH', grantedBy: 'op-1' });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'op-1',
        action: 'role.grant',
        target: 'PRINCIPAL#u-1',
        institution: 'SCH00001',
        outcome: 'success',
      }),
    ]);
  });

  it('a second role in another institution is one more pair: the first keeps its institution; both are listed', async () => {
    const { deps, pairs } = fakes();
    await grantRole('u-1', { role: 'school-admin', institutionCode: 'DEMO001' }, call, deps);
    await grantRole('u-1', { role: 'moderator', institutionCode: 'OTHER001' }, call, deps);
    await grantRole('u-1', { role: 'school-admin', institutionCode: 'OTHER002' }, call, deps);
    expect(pairsOf(pairs)).toEqual(['moderator@OTHER001', 'school-admin@DEMO001', 'school-admin@OTHER002']);
    const mine = await listRoleAssignments({ sub: 'u-1', limit: 50 }, deps);
    expect(pairsOf(mine.items)).toEqual(pairsOf(pairs));
    const admins = await listRoleAssignments({ role: 'school-admin', institutionCode: 'DEMO001', limit: 50 }, deps);
    expect(admins.items.map((a) => a.sub)).toEqual(['u-1']);
    // A support agent's reach is one per agent: granting it again replaces it.
    await grantRole('u-2', { role: 'support', supportScope: { regions: ['NORTH'] } }, call, deps);
    await grantRole('u-2', { role: 'support', supportScope: 'all' }, call, deps);
    expect(pairs.filter((p) => p.sub === 'u-2').map((p) => p.supportScope)).toEqual(['all']);
  });

  it('revoking in one institution keeps the role elsewhere and its group; the last pair takes the group; each signs out', async () => {
    const { deps, calls, pairs, audit } = fakes();
    await grantRole('u-1', { role: 'moderator', institutionCode: 'DEMO001' }, call, deps);
    await grantRole('u-1', { role: 'moderator', institutionCode: 'OTHER001' }, call, deps);
    calls.length = 0;
    await revokeRole('u-1', 'moderator', 'OTHER001', call, deps);
    expect(pairsOf(pairs)).toEqual(['moderator@DEMO001']);
    expect(calls).toEqual(['sign out u-1']);
    await revokeRole('u-1', 'moderator', undefined, call, deps);
    expect(pairs).toEqual([]);
    expect(calls).toEqual(['sign out u-1', 'remove u-1 moderator', 'sign out u-1']);
    expect(audit.filter((a) => a.action === 'role.revoke').map((a) => a.institution)).toEqual(['OTHER001', 'none']);
  });

  it('an auditor is granted deployment-wide, once: no institution, no reach; revoked everywhere, never per institution', async () => {
    const { deps, calls, pairs, audit } = fakes();
    const out = await grantRole('u-3', { role: 'auditor' }, call, deps);
    await grantRole('u-3', { role: 'auditor' }, call, deps);
    expect(pairs).toEqual([{ ...out }]);
    expect(out).toMatchObject({ role: 'auditor', institutionCode: null, region: null, supportScope: null });
    expect(calls).toEqual(['add u-3 auditor', 'sign out u-3', 'add u-3 auditor', 'sign out u-3']);
    expect(audit.at(-1)).toEqual(expect.objectContaining({ action: 'role.grant', institution: 'none', details: { role: 'auditor' } }));
    await expect(revokeRole('u-3', 'auditor', 'DEMO001', call, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'query.institutionCode', code: 'scope_mismatch' }],
    });
    await revokeRole('u-3', 'auditor', undefined, call, deps);
    expect(pairs).toEqual([]);
  });

  it('a listing names a role or a user', async () => {
    const { deps } = fakes();
    await expect(listRoleAssignments({ limit: 50 }, deps)).rejects.toMatchObject({ status: 400, errors: [{ field: 'query.role' }] });
  });

  it.each([
    [{ role: 'officer' as const }, 'body.institutionCode'],
    [{ role: 'support' as const, institutionCode: 'SCH00001' }, 'body.supportScope'],
    [{ role: 'operator' as const, institutionCode: 'SCH00001' }, 'body.role'],
    [{ role: 'auditor' as const, institutionCode: 'SCH00001' }, 'body.role'],
    [{ role: 'auditor' as const, supportScope: 'all' as const }, 'body.role'],
    [{ role: 'staff' as const, institutionCode: 'SCH00001', supportScope: 'all' as const }, 'body.supportScope'],
  ])('refuses a grant whose scope does not fit the role (%j) before touching Cognito', async (input, field) => {
    const { deps, calls, audit } = fakes();
    await expect(grantRole('u-1', input, call, deps)).rejects.toMatchObject({ status: 400, errors: [{ field, code: 'scope_mismatch' }] });
    expect(calls).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('an unknown user is 404, nothing changed', async () => {
    const { deps, calls } = fakes();
    await expect(grantRole('ghost', { role: 'staff', institutionCode: 'SCH00001' }, call, deps)).rejects.toMatchObject({
      status: 404,
      code: 'user_not_found',
    });
    await expect(revokeRole('ghost', 'staff', undefined, call, deps)).rejects.toMatchObject({ status: 404 });
    expect(calls).toEqual([]);
  });

  it('an operator cannot revoke their own operator role (409); another operator’s, yes; operators are not held per institution', async () => {
    const { deps, calls, audit } = fakes();
    await grantRole('op-2', { role: 'operator' }, call, deps);
    calls.length = 0;
    await expect(revokeRole('op-1', 'operator', undefined, call, deps)).rejects.toMatchObject({ status: 409, code: 'own_operator_role' });
    expect(calls).toEqual([]);
    expect(audit.at(-1)).toEqual(expect.objectContaining({ action: 'role.revoke', outcome: 'refused', reason: 'own_operator_role' }));
    await expect(revokeRole('op-2', 'operator', 'DEMO001', call, deps)).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'query.institutionCode', code: 'scope_mismatch' }],
    });
    await revokeRole('op-2', 'operator', undefined, call, deps);
    expect(calls).toEqual(['remove op-2 operator', 'sign out op-2']);
    expect(audit.at(-1)).toEqual(
      expect.objectContaining({ action: 'role.revoke', target: 'PRINCIPAL#op-2', details: { role: 'operator' } }),
    );
  });
});
