import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor } from '../../shared/auth/scope';
import type { RoleDirectory } from '../../shared/roles/role-directory';
import type { RoleAssignment, RoleStore } from '../../shared/roles/role-store';
import { grantRole, type RoleDeps, revokeRole } from '../../shared/roles/role-use-cases';

const operator: Actor = { sub: 'op-1', login: 'op@x', roles: ['operator'], scope: { institution: null, region: null } };
const at = new Date('2027-03-01T09:00:00Z');

function fakes() {
  const calls: string[] = [];
  const granted: RoleAssignment[] = [];
  const audit: AuditEntry[] = [];
  const directory: RoleDirectory = {
    loginOf: async (sub) => (sub === 'ghost' ? null : `${sub}@posta.example`),
    addToGroup: async (sub, role) => void calls.push(`add ${sub} ${role}`),
    removeFromGroup: async (sub, role) => void calls.push(`remove ${sub} ${role}`),
  };
  const roles: RoleStore = {
    grant: async (a) => void granted.push(a),
    revoke: async (sub, role) => void calls.push(`revoke ${sub} ${role}`),
    list: async () => ({ items: [], nextCursor: null }),
  };
  const deps: RoleDeps = {
    roles,
    directory,
    regions: { regionOf: async (code) => (code === 'SCH00001' ? 'NORTH' : null) },
    audit: { record: async (e) => void audit.push(e) },
    clock: { now: () => at },
  };
  return { deps, calls, granted, audit };
}
const call = { actor: operator, requestId: 'req-1' };

describe('role assignments', () => {
  it('a grant adds the group, records the assignment with the institution’s region, and is audited', async () => {
    const { deps, calls, granted, audit } = fakes();
    const out = await grantRole('u-1', { role: 'school-admin', institutionCode: 'SCH00001' }, call, deps);
    expect(calls).toEqual(['add u-1 school-admin']);
    expect(granted).toEqual([out]);
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

  it.each([
    [{ role: 'officer' as const }, 'body.institutionCode'],
    [{ role: 'support' as const, institutionCode: 'SCH00001' }, 'body.supportScope'],
    [{ role: 'operator' as const, institutionCode: 'SCH00001' }, 'body.role'],
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
    expect(calls).toEqual([]);
  });

  it('an operator cannot revoke their own operator role (409); another operator’s, yes', async () => {
    const { deps, calls, audit } = fakes();
    await expect(revokeRole('op-1', 'operator', call, deps)).rejects.toMatchObject({ status: 409, code: 'own_operator_role' });
    expect(calls).toEqual([]);
    expect(audit).toEqual([expect.objectContaining({ action: 'role.revoke', outcome: 'refused', reason: 'own_operator_role' })]);
    audit.length = 0;
    await revokeRole('op-2', 'operator', call, deps);
    expect(calls).toEqual(['remove op-2 operator', 'revoke op-2 operator']);
    expect(audit).toEqual([expect.objectContaining({ action: 'role.revoke', target: 'PRINCIPAL#op-2', details: { role: 'operator' } })]);
  });
});
