import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/api-client';
import { launchSmallLot } from '../helpers/launch-small-lot';
import { signIn } from '../helpers/local-clients';
import { type ProfileStack, profileStack } from '../helpers/profile-stack';
import { codiceFiscale, italianRow, toCsv } from '../helpers/staff-fixtures';

/**
 * The desk finds members (issue #13 item 7), each caller within their scope: members the product
 * made (import + launch), callers with the demo roles, attacks from another institution and
 * forged cursors. Rows 91,000–91,003 (see staff-fixtures); institutions LKUP0001/2 are nobody else's.
 */
const A = { ...italianRow(91_000, 'LKUP0001'), givenName: 'Ayşe', familyName: 'Çelikkaya' };
const B = italianRow(91_001, 'LKUP0001');
const C = italianRow(91_002, 'LKUP0002');
const D = { ...italianRow(91_003), familyName: 'Zanzottera' }; // DEMO001, the demo school admin's
const loginOf = (row: { oldAddress: string }) => row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');

describe('lookups within scope (it-miur)', () => {
  let stack: ProfileStack;
  let operator: string;
  let support: string;
  let admin: string;
  let regional: string;
  let idOfA: string;
  const get = async (token: string, path: string) => stack.api.call(token, 'GET', path);
  const search = (token: string, query: Record<string, string>) => get(token, `/v1/members?${new URLSearchParams(query)}`);

  beforeAll(async () => {
    stack = await profileStack('it-miur');
    operator = await stack.api.tokenOf('operator');
    support = await stack.api.tokenOf('support');
    admin = await stack.api.tokenOf('school-admin');
    const agent = stack.demoUsers.find((u) => u.login.startsWith('demo.support.regional@'));
    regional = await signIn(stack.runtime, agent?.login ?? '', agent?.password ?? '');
    const { memberIds } = await launchSmallLot(stack, operator, { name: 'Lookups', institutionCode: 'LKUP0001', rows: [A, B] });
    idOfA = memberIds[0] as string;
    expect((await stack.api.runImport(operator, toCsv([C, D]))).counts.created).toBe(2);
  }, 180_000);

  afterAll(() => stack.stop());

  it('support finds a member by name (accents and case ignored), answered with a masked summary and nothing more', async () => {
    const res = await search(support, { q: 'CELIKK', institutionCode: 'LKUP0001' });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const item = res.body.items[0] as Json;
    expect(Object.keys(item).sort()).toEqual(
      ['familyName', 'givenName', 'institutionCode', 'login', 'memberId', 'nationalIdLast3', 'phone', 'state'].sort(),
    );
    expect(item).toMatchObject({ memberId: idOfA, login: loginOf(A), givenName: 'Ayşe', familyName: 'Çelikkaya', state: 'notified' });
    expect(item.phone).not.toBe(A.phone);
    expect(item.phone.endsWith(A.phone.slice(-3))).toBe(true);
    expect(item.nationalIdLast3).toBe(A.nationalId.slice(-3));
  });

  it('by exact national ID and exact login deployment-wide, by the phone’s last digits and by state within an institution', async () => {
    expect((await search(support, { q: codiceFiscale(91_002) })).body.items.map((m: Json) => m.login)).toEqual([loginOf(C)]);
    expect((await search(operator, { q: loginOf(A).toUpperCase() })).body.items.map((m: Json) => m.memberId)).toEqual([idOfA]);
    const byPhone = await search(support, { q: B.phone.slice(-6), institutionCode: 'LKUP0001' });
    expect(byPhone.body.items.map((m: Json) => m.login)).toEqual([loginOf(B)]);
    // The whole number as the HR file wrote it (00, spaces), not as stored (E.164).
    const asWritten = `00${B.phone.slice(1, 3)} ${B.phone.slice(3, 6)} ${B.phone.slice(6)}`;
    const byWholePhone = await search(support, { q: asWritten, institutionCode: 'LKUP0001' });
    expect(byWholePhone.body.items.map((m: Json) => m.login)).toEqual([loginOf(B)]);
    const notified = await search(operator, { institutionCode: 'LKUP0001', state: 'notified' });
    expect(notified.body.items.map((m: Json) => m.login).sort()).toEqual([loginOf(A), loginOf(B)].sort());
    expect((await search(operator, { institutionCode: 'LKUP0002', state: 'notified' })).body.items).toEqual([]);
  });

  it('a school admin searches their own institution; another one is 403, and its members are not found by ID or login', async () => {
    expect((await search(admin, { q: 'zanzotter' })).body.items.map((m: Json) => m.login)).toEqual([loginOf(D)]);
    expect((await search(admin, { q: loginOf(D) })).body.items).toHaveLength(1);
    const refused = await search(admin, { q: 'celikk', institutionCode: 'LKUP0001' });
    expect(refused).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    // The same empty answer as for nobody at all: a search never tells who exists elsewhere.
    for (const q of [codiceFiscale(91_000), loginOf(A), codiceFiscale(91_999), 'nessuno.mai@posta.istruzione.it']) {
      expect(await search(admin, { q }), q).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    }
    // The regional agent (region DEMO) reaches DEMO001, not LKUP0001 (no region on record).
    expect((await search(regional, { q: 'zanzotter', institutionCode: 'DEMO001' })).body.items).toHaveLength(1);
    expect((await search(regional, { q: 'celikk', institutionCode: 'LKUP0001' })).status).toBe(403);
    expect((await search(regional, { q: codiceFiscale(91_000) })).body.items).toEqual([]);
  });

  it('pages with a cursor; a forged cursor and a bad query are 400', async () => {
    const first = await search(operator, { institutionCode: 'LKUP0001', limit: '1' });
    expect(first.body.items).toHaveLength(1);
    const second = await search(operator, { institutionCode: 'LKUP0001', limit: '1', cursor: first.body.nextCursor });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].memberId).not.toBe(first.body.items[0].memberId);

    const key = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...key, searchPk: 'SEARCH#DEMO001' })).toString('base64url');
    const other = await search(operator, { institutionCode: 'LKUP0001', cursor: forged });
    expect(other).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ code: 'cursor_invalid' }] } });
    for (const query of [
      { q: 'x', institutionCode: 'LKUP0001' },
      { institutionCode: 'LKUP0001', limit: '0' },
      { institutionCode: 'lkup' },
      { state: 'asleep' },
    ] as Array<Record<string, string>>) {
      expect((await search(operator, query)).status, JSON.stringify(query)).toBe(400);
    }
    expect(await search(operator, { q: 'rossi' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'query.institutionCode', code: 'institution_required' }] },
    });
    expect((await search(await stack.api.tokenOf('staff'), { q: 'rossi' })).status).toBe(403);
  });

  it('a member’s trail, as the desk reads it, has its creation and its notice', async () => {
    const trail = await get(support, `/v1/support/members/${idOfA}/audit?limit=50`);
    expect(trail.status).toBe(200);
    const actions = trail.body.items.map((r: Json) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['member.created', 'notice.sent']));
  });

  it('an operator grants a role by login: the login resolves to the sub the grant takes', async () => {
    const user = await get(operator, `/v1/users/${encodeURIComponent(loginOf(A))}`);
    expect(user).toMatchObject({ status: 200, body: { login: loginOf(A), enabled: true, sub: expect.any(String) } });
    const grant = await stack.api.call(operator, 'PUT', `/v1/role-assignments/${user.body.sub}`, {
      role: 'officer',
      institutionCode: 'LKUP0001',
    });
    expect(grant).toMatchObject({ status: 200, body: { login: loginOf(A), role: 'officer', institutionCode: 'LKUP0001' } });
    expect((await get(operator, '/v1/users/nessuno.mai%40posta.istruzione.it')).body.code).toBe('user_not_found');
    expect((await get(support, `/v1/users/${encodeURIComponent(loginOf(A))}`)).status).toBe(403);
    expect((await get(operator, '/v1/users/not-a-login')).status).toBe(400);
  });

  it('shared mailboxes are listed within reach', async () => {
    for (const [address, institutionCode] of [
      ['segreteria.lkup0001@posta.istruzione.it', 'LKUP0001'],
      ['segreteria.lkup0002@posta.istruzione.it', 'LKUP0002'],
    ]) {
      expect((await stack.api.call(operator, 'POST', '/v1/shared-mailboxes', { address, institutionCode, model: 'rights' })).status).toBe(
        201,
      );
    }
    const all = await get(operator, '/v1/shared-mailboxes?limit=100');
    expect(all.body.items.map((b: Json) => b.address)).toEqual(
      expect.arrayContaining(['segreteria.lkup0001@posta.istruzione.it', 'segreteria.lkup0002@posta.istruzione.it']),
    );
    expect((await get(support, '/v1/shared-mailboxes?institutionCode=LKUP0002')).body.items).toEqual([
      { address: 'segreteria.lkup0002@posta.istruzione.it', institutionCode: 'LKUP0002', model: 'rights', updatedAt: expect.any(String) },
    ]);
    expect((await get(regional, '/v1/shared-mailboxes?institutionCode=LKUP0001')).status).toBe(403);
    expect((await get(regional, '/v1/shared-mailboxes')).body.errors).toMatchObject([{ code: 'institution_required' }]);
    expect((await get(admin, '/v1/shared-mailboxes?institutionCode=DEMO001')).status).toBe(403);
  });
});
