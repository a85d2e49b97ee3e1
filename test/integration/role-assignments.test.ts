import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient, type Json } from '../helpers/api-client';
import { localDb, signIn } from '../helpers/local-clients';

const { runtime, demoUsers } = inject('stack');
const { tokenOf, call } = apiClient(runtime, demoUsers);
const db = localDb(runtime);

// An institution of this file only; DEMO001 is the demo staff user's own (seed).
const NEW_INSTITUTION = 'ROLES001';

const staff = demoUsers.find((u) => u.role === 'staff');
const operatorUser = demoUsers.find((u) => u.role === 'operator');
if (!staff || !operatorUser) throw new Error('demo users missing');
const staffToken = () => signIn(runtime, staff.login, staff.password);

/** DELETE answers 204 without a body, which the JSON client cannot read. */
async function revoke(token: string, sub: string, role: string): Promise<{ status: number; body: Json | null }> {
  const res = await fetch(`${runtime.urls.api}/v1/role-assignments/${sub}/${role}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : null };
}

async function auditOf(sub: string): Promise<Json[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: runtime.resources.tables.audit,
      IndexName: 'byTarget',
      KeyConditionExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'target' },
      ExpressionAttributeValues: { ':t': `PRINCIPAL#${sub}` },
    }),
  );
  return (out.Items ?? []) as Json[];
}

describe('role assignments (it-miur): operators grant, list and revoke; the next call follows', () => {
  afterAll(async () => {
    // Give the shared demo staff user back its seed state: staff of DEMO001, nothing more.
    const operator = await tokenOf('operator');
    await revoke(operator, staff.sub, 'school-admin');
    await call(operator, 'PUT', `/v1/role-assignments/${staff.sub}`, { role: 'staff', institutionCode: 'DEMO001' });
  });

  it('grant school-admin of a new institution → that institution only; revoke → refused again; all audited', async () => {
    const operator = await tokenOf('operator');
    const before = await staffToken();
    expect((await call(before, 'GET', `/v1/institutions/${NEW_INSTITUTION}/progress`)).body.code).toBe('role_not_allowed');

    const granted = await call(operator, 'PUT', `/v1/role-assignments/${staff.sub}`, {
      role: 'school-admin',
      institutionCode: NEW_INSTITUTION,
    });
    expect(granted).toMatchObject({
      status: 200,
      body: { sub: staff.sub, login: staff.login, role: 'school-admin', institutionCode: NEW_INSTITUTION, grantedBy: operatorUser.sub },
    });

    // The role counts at once, for the token the user already has (the API reads the role store).
    const admin = before;
    expect((await call(admin, 'GET', `/v1/institutions/${NEW_INSTITUTION}/progress`)).status).toBe(200);
    const other = await call(admin, 'GET', '/v1/institutions/DEMO001/progress');
    expect(other).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });

    const listed = await call(operator, 'GET', `/v1/role-assignments?role=school-admin&institutionCode=${NEW_INSTITUTION}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ sub: staff.sub, role: 'school-admin', institutionCode: NEW_INSTITUTION }),
    ]);
    const elsewhere = await call(operator, 'GET', '/v1/role-assignments?role=school-admin&institutionCode=NOPE0001');
    expect(elsewhere.body.items).toEqual([]);

    expect(await revoke(operator, staff.sub, 'school-admin')).toEqual({ status: 204, body: null });
    const after = await call(before, 'GET', `/v1/institutions/${NEW_INSTITUTION}/progress`);
    expect(after).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect((await call(operator, 'GET', `/v1/role-assignments?role=school-admin&institutionCode=${NEW_INSTITUTION}`)).body.items).toEqual(
      [],
    );

    const trail = await auditOf(staff.sub);
    const byAction = (action: string) => trail.filter((r) => r.action === action);
    expect(byAction('role.grant')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: operatorUser.sub,
          institution: NEW_INSTITUTION,
          outcome: 'success',
          details: { role: 'school-admin' },
        }),
      ]),
    );
    expect(byAction('role.revoke')).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: operatorUser.sub, outcome: 'success', details: { role: 'school-admin' } })]),
    );
  });

  it('operators only; no role without its kind of scope; an operator cannot revoke their own operator role', async () => {
    const operator = await tokenOf('operator');
    const schoolAdmin = await tokenOf('school-admin');
    const refused = await call(schoolAdmin, 'PUT', `/v1/role-assignments/${staff.sub}`, {
      role: 'school-admin',
      institutionCode: 'DEMO001',
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'role_not_allowed' } });
    expect((await call(schoolAdmin, 'GET', '/v1/role-assignments?role=operator')).status).toBe(403);

    const noInstitution = await call(operator, 'PUT', `/v1/role-assignments/${staff.sub}`, { role: 'officer' });
    expect(noInstitution).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', errors: [{ field: 'body.institutionCode', code: 'scope_mismatch' }] },
    });
    const unknown = await call(operator, 'PUT', '/v1/role-assignments/00000000-0000-0000-0000-000000000000', {
      role: 'officer',
      institutionCode: 'DEMO001',
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'user_not_found' } });

    const own = await revoke(operator, operatorUser.sub, 'operator');
    expect(own).toMatchObject({ status: 409, body: { code: 'own_operator_role' } });
    // Still an operator, listed with the seeded assignments (other files of the shared stack may
    // have granted more operators through the API: the list holds this one among them).
    const operators = await call(await tokenOf('operator'), 'GET', '/v1/role-assignments?role=operator&limit=100');
    expect(operators.status).toBe(200);
    expect(operators.body.items).toContainEqual(
      expect.objectContaining({ sub: operatorUser.sub, role: 'operator', institutionCode: null }),
    );
  });
});
