import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { apiClient, type Json } from '../helpers/api-client';
import { completeFirstSignIn, eventually, localDb } from '../helpers/local-clients';
import { runJob } from '../helpers/profile-stack';
import { italianRow, toCsv } from '../helpers/staff-fixtures';

const { runtime, demoUsers } = inject('stack');
const { api, tokenOf, call, runImport } = apiClient(runtime, demoUsers);
const db = localDb(runtime);

const DOMAIN = 'posta.istruzione.it';
const newAddress = (old: string) => old.replace('@istruzione.it', `@${DOMAIN}`);
const STAFF_PASSWORD = 'Groups-Canary-4417q';

/** The mail system's token: client credentials for the group export scope only. */
async function machineToken(scope: string): Promise<string> {
  const { machineClientId, machineClientSecret } = runtime.resources;
  const res = await fetch(runtime.urls.tokenEndpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${machineClientId}:${machineClientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as Json).access_token;
}

/** Every page of an export, following `nextCursor`. */
async function exportAll(token: string, since?: string): Promise<{ items: Json[]; nextSince: string }> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: '2', ...(since && { since }), ...(cursor && { cursor }) });
    const page = await call(token, 'GET', `/v1/groups/export?${query}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) return { items, nextSince: page.body.nextSince };
  }
}

/**
 * The member as the product makes them: launched in a lot of their own (account, temporary password
 * by SMS), then their first sign-in — the SMS password, NEW_PASSWORD_REQUIRED, their own password.
 */
async function launchedStaff(operator: string, row: { address: string; phone: string }): Promise<string> {
  const { Item } = await db.send(
    new GetCommand({ TableName: runtime.resources.tables.directory, Key: { pk: `ADDRESS#${row.address}`, sk: 'ADDRESS' } }),
  );
  const lot = await call(operator, 'POST', '/v1/lots', {
    name: 'Circolare',
    launchAt: new Date(Date.now() + 3_600_000).toISOString(),
    selection: { kind: 'members', memberIds: [Item?.memberId] },
  });
  expect(lot.body.memberCount).toBe(1);
  await runJob(runtime, 'launch-lots', lot.body.launchAt);
  const texts = await eventually(
    async () => (await (await fetch(`${runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as SmsRecord[],
    (list) => list.length > 0,
    60_000,
  );
  const temporary = /: (\S+)$/.exec(texts[0]?.message ?? '')?.[1] ?? 'missing';
  return (await completeFirstSignIn(runtime, row.address, temporary, STAFF_PASSWORD)).AccessToken;
}

describe('mailing groups (it-miur)', () => {
  const rows = Array.from({ length: 4 }, (_, i) => italianRow(48_000 + i, 'DEMO001'));
  const [ownerRow, firstRow, secondRow, joinerRow] = rows.map((r) => ({ ...r, address: newAddress(r.oldAddress) })) as Array<
    (typeof rows)[0] & { address: string }
  >;
  let moderator: string;
  let operator: string;
  let group: Json;

  beforeAll(async () => {
    operator = await tokenOf('operator');
    moderator = await tokenOf('moderator');
    const job = await runImport(operator, toCsv(rows));
    expect(job.counts.created + job.counts.unchanged).toBe(4);
  }, 120_000);

  it('a moderator creates a list in DEMO001, adds members and an owner, and switches it to moderated; each step audited', async () => {
    const name = `circolare-${Date.now()}`;
    const bad = await call(moderator, 'POST', '/v1/groups', { name: 'Circolare!', postingMode: 'open' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.name', code: 'group_name_invalid' });
    // A person's address is never a list's.
    const taken = await call(moderator, 'POST', '/v1/groups', { name: ownerRow?.address.split('@')[0], postingMode: 'open' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'address_taken' } });

    const created = await call(moderator, 'POST', '/v1/groups', { name, postingMode: 'open' });
    expect(created.status).toBe(201);
    group = created.body;
    expect(group).toMatchObject({ address: `${name}@${DOMAIN}`, institutionCode: 'DEMO001', postingMode: 'open', memberCount: 0 });
    expect((await call(moderator, 'POST', '/v1/groups', { name, postingMode: 'open' })).body.code).toBe('address_taken');

    const added = await call(moderator, 'PUT', `/v1/groups/${group.groupId}/members/${encodeURIComponent(firstRow?.address ?? '')}`);
    expect(added).toMatchObject({ status: 201, body: { added: true, member: { address: firstRow?.address } } });
    const byId = await call(moderator, 'PUT', `/v1/groups/${group.groupId}/members/${added.body.member.memberId}`);
    expect(byId).toMatchObject({ status: 200, body: { added: false } });
    expect((await call(moderator, 'PUT', `/v1/groups/${group.groupId}/members/${secondRow?.address}`)).status).toBe(201);
    const unknown = await call(moderator, 'PUT', `/v1/groups/${group.groupId}/members/nobody.here@${DOMAIN}`);
    expect(unknown).toMatchObject({ status: 404, body: { code: 'member_not_found' } });
    const malformed = await call(moderator, 'PUT', `/v1/groups/${group.groupId}/members/not%20an%20id`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ code: 'member_ref_invalid' });

    const patched = await call(moderator, 'PATCH', `/v1/groups/${group.groupId}`, {
      postingMode: 'moderated',
      owners: [ownerRow?.address],
    });
    expect(patched).toMatchObject({ status: 200, body: { postingMode: 'moderated', owners: [{ address: ownerRow?.address }] } });

    const removed = await fetch(`${api}/v1/groups/${group.groupId}/members/${secondRow?.address}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${moderator}` },
    });
    expect(removed.status).toBe(204);

    const detail = await call(moderator, 'GET', `/v1/groups/${group.groupId}`);
    expect(detail.body).toMatchObject({ memberCount: 1, postingMode: 'moderated', members: [{ address: firstRow?.address }] });
    const listed = await call(moderator, 'GET', '/v1/institutions/DEMO001/groups?limit=100');
    expect(listed.body.items.map((g: Json) => g.groupId)).toContain(group.groupId);

    const audit = await db.send(
      new QueryCommand({
        TableName: runtime.resources.tables.audit,
        IndexName: 'byTarget',
        KeyConditionExpression: 'target = :t',
        ExpressionAttributeValues: { ':t': `GROUP#${group.groupId}` },
      }),
    );
    const moderatorSub = demoUsers.find((u) => u.role === 'moderator')?.sub;
    expect((audit.Items ?? []).map((a) => a.action).sort()).toEqual(
      ['group.created', 'group.member-added', 'group.member-added', 'group.member-removed', 'group.updated'].sort(),
    );
    expect((audit.Items ?? []).every((a) => a.actor === moderatorSub && a.role === 'moderator' && a.institution === 'DEMO001')).toBe(true);
  });

  it('a staff member asks to join; the moderator sees the request and approves it; the member is on the list', async () => {
    // A member the product made (import + launch), staff by the register: no group added by hand.
    const staff = await launchedStaff(operator, joinerRow as { address: string; phone: string });
    const asked = await call(staff, 'POST', `/v1/groups/${group.groupId}/join-requests`);
    expect(asked).toMatchObject({ status: 201, body: { state: 'pending', address: joinerRow?.address } });
    expect((await call(staff, 'POST', `/v1/groups/${group.groupId}/join-requests`)).body.code).toBe('join_request_pending');
    // A staff token manages nothing.
    expect((await call(staff, 'GET', `/v1/groups/${group.groupId}`)).status).toBe(403);
    // The demo staff account is not on the staff register.
    expect((await call(await tokenOf('staff'), 'POST', `/v1/groups/${group.groupId}/join-requests`)).body.code).toBe('not_staff_member');

    const pending = await call(moderator, 'GET', `/v1/groups/${group.groupId}/join-requests`);
    expect(pending.body.items).toEqual([expect.objectContaining({ memberId: asked.body.memberId, state: 'pending' })]);
    const decided = await call(moderator, 'POST', `/v1/groups/${group.groupId}/join-requests/${asked.body.memberId}/decision`, {
      decision: 'approve',
    });
    expect(decided).toMatchObject({ status: 200, body: { state: 'approved' } });
    const again = await call(moderator, 'POST', `/v1/groups/${group.groupId}/join-requests/${asked.body.memberId}/decision`, {
      decision: 'reject',
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'already_decided' } });
    const detail = await call(moderator, 'GET', `/v1/groups/${group.groupId}`);
    expect(detail.body.members.map((m: Json) => m.address).sort()).toEqual([firstRow?.address, joinerRow?.address].sort());
    expect((await call(staff, 'POST', `/v1/groups/${group.groupId}/join-requests`)).body.code).toBe('already_member');
  }, 120_000);

  it('a moderator gets 403 on another institution’s list (an operator’s list in GRPB0001)', async () => {
    const elsewhere = await call(operator, 'POST', '/v1/groups', {
      name: `altrove-${Date.now()}`,
      institutionCode: 'GRPB0001',
      postingMode: 'open',
    });
    expect(elsewhere.status).toBe(201);
    for (const [method, path, body] of [
      ['GET', `/v1/groups/${elsewhere.body.groupId}`],
      ['PATCH', `/v1/groups/${elsewhere.body.groupId}`, { postingMode: 'moderated' }],
      ['PATCH', `/v1/groups/${elsewhere.body.groupId}`, { owners: [firstRow?.address] }],
      ['DELETE', `/v1/groups/${elsewhere.body.groupId}`],
      ['PUT', `/v1/groups/${elsewhere.body.groupId}/members/${firstRow?.address}`],
      ['GET', '/v1/institutions/GRPB0001/groups'],
    ] as const) {
      const answer = await call(moderator, method, path, body);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 403, code: 'institution_out_of_scope' });
    }
    const creating = await call(moderator, 'POST', '/v1/groups', { name: 'furbo', institutionCode: 'GRPB0001' });
    expect(creating).toMatchObject({ status: 403, body: { code: 'institution_out_of_scope' } });
    // Nothing changed: not deleted, no owner set, still open.
    expect((await call(operator, 'GET', `/v1/groups/${elsewhere.body.groupId}`)).body).toMatchObject({ postingMode: 'open', owners: [] });
    // Bad input on the list's own routes: a 400 naming the field, before any list is read.
    expect((await call(moderator, 'PATCH', '/v1/groups/not-a-uuid', { postingMode: 'open' })).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'path.groupId' })],
    });
    expect((await call(moderator, 'DELETE', '/v1/groups/not-a-uuid')).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'path.groupId' })],
    });
    expect((await call(moderator, 'PATCH', `/v1/groups/${elsewhere.body.groupId}`, {})).status).toBe(400);
    expect((await call(moderator, 'PATCH', `/v1/groups/${elsewhere.body.groupId}`, { postingMode: 'closed' })).body).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: 'body.postingMode' })],
    });
    // A display name goes into the mail system's export as a name does: no line break (a header of its own), no bidi override.
    for (const displayName of ['Circolare\r\nBcc: tutti@example.org', 'Docenti \u202Eatsil', 'Zero\u200Bwidth']) {
      const own = await call(moderator, 'PATCH', `/v1/groups/${group.groupId}`, { displayName });
      expect(own.body, JSON.stringify(displayName)).toMatchObject({
        status: 400,
        errors: [expect.objectContaining({ field: 'body.displayName', code: 'name_unsafe_characters' })],
      });
      const created = await call(moderator, 'POST', '/v1/groups', { name: `unsafe-${Date.now()}`, displayName, postingMode: 'open' });
      expect(created.body.errors?.[0]?.code).toBe('name_unsafe_characters');
    }
    expect((await call(moderator, 'GET', `/v1/groups/${group.groupId}`)).body.displayName).toBeNull();
  });

  it('the mail system exports every list (full) and what changed since, with a tombstone after a deletion; other tokens get 403', async () => {
    const machine = await machineToken('posta/groups.read');
    const full = await exportAll(machine);
    const mine = full.items.find((g) => g.groupId === group.groupId);
    expect(mine).toEqual({
      groupId: group.groupId,
      address: group.address,
      institutionCode: 'DEMO001',
      deleted: false,
      displayName: null,
      postingMode: 'moderated',
      owners: [ownerRow?.address],
      members: [firstRow?.address, joinerRow?.address].sort(),
      changedAt: expect.any(String),
    });
    expect(full.items.every((g) => g.deleted === false)).toBe(true);
    expect(full.nextSince).toEqual(expect.any(String));

    const since = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20)); // changedAt has millisecond resolution
    const deleted = await fetch(`${api}/v1/groups/${group.groupId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${moderator}` },
    });
    expect(deleted.status).toBe(204);
    expect((await call(moderator, 'GET', `/v1/groups/${group.groupId}`)).status).toBe(404);

    const changed = await exportAll(machine, since);
    expect(changed.items).toContainEqual({
      groupId: group.groupId,
      address: group.address,
      institutionCode: 'DEMO001',
      deleted: true,
      changedAt: expect.any(String),
    });
    expect(changed.items.every((g) => g.changedAt >= since)).toBe(true);
    expect((await exportAll(machine)).items.some((g) => g.groupId === group.groupId)).toBe(false);

    const staffOnMachine = await call(await tokenOf('staff'), 'GET', '/v1/groups/export');
    expect(staffOnMachine.status).toBe(403);
    const moderatorOnMachine = await call(moderator, 'GET', '/v1/groups/export');
    expect(moderatorOnMachine.status).toBe(403);
    // A token for the forwarding scope alone does not open the group export, nor a staff route.
    const forwardingOnly = await machineToken('posta/forwarding.read');
    expect((await call(forwardingOnly, 'GET', '/v1/groups/export')).status).toBe(403);
    expect((await call(machine, 'POST', '/v1/groups', { name: 'macchina', institutionCode: 'DEMO001' })).status).toBe(403);
  });
});
