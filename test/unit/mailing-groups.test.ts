import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/audit/audit-log';
import type { Actor } from '../../shared/auth/scope';
import type { Clock } from '../../shared/clock';
import { DomainError } from '../../shared/errors';
import { type Group, type GroupPerson, groupAddress, type JoinRequest } from '../../shared/groups/group';
import { exportGroups, INDEX_LAG_MS } from '../../shared/groups/group-export';
import type { GroupStore } from '../../shared/groups/group-store';
import {
  addGroupMember,
  createGroup,
  decideJoinRequest,
  deleteGroup,
  type GroupDeps,
  getGroup,
  listGroups,
  listJoinRequests,
  removeGroupMember,
  requestToJoin,
  updateGroup,
} from '../../shared/groups/group-use-cases';
import type { Member } from '../../shared/members/member';
import { actorOf, held } from '../helpers/actors';

const DOMAIN = 'posta.example.ru';

/** In-memory store with the DynamoDB store's conditions (address claims, live-only writes, pending requests). */
function world() {
  let now = new Date('2027-03-01T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const tick = (ms = 1_000) => {
    now = new Date(now.getTime() + ms);
  };
  const groups = new Map<string, Group>();
  const lists = new Map<string, Map<string, GroupPerson>>();
  const joins = new Map<string, JoinRequest>();
  /** `ADDRESS#` claims: a member's (`memberId`) or a list's (`groupId`, `released` after deletion). */
  const claims = new Map<string, { memberId?: string; groupId?: string; released?: boolean }>();
  const members = new Map<string, Member>();
  const audits: AuditEntry[] = [];

  const isLive = (id: string) => {
    const g = groups.get(id);
    return g !== undefined && !g.deletedAt;
  };
  const touch = (id: string, at: string) => {
    const g = groups.get(id) as Group;
    g.changedAt = at;
  };
  const page = <T>(items: T[], limit: number, cursor?: string) => {
    const start = cursor ? Number(cursor) : 0;
    const slice = items.slice(start, start + limit);
    return { items: slice, nextCursor: start + limit < items.length ? String(start + limit) : null };
  };

  const store: GroupStore = {
    async create(g) {
      const claim = claims.get(g.address);
      if (claim && !(claim.groupId && claim.released)) return false;
      claims.set(g.address, { groupId: g.groupId });
      groups.set(g.groupId, structuredClone(g));
      lists.set(g.groupId, new Map());
      return true;
    },
    get: async (id) => structuredClone(groups.get(id) ?? null),
    listByInstitution: async (code, limit, cursor) =>
      page(
        [...groups.values()].filter((g) => g.institutionCode === code && !g.deletedAt).map((g) => structuredClone(g)),
        limit,
        cursor,
      ),
    async update(id, set, at) {
      if (!isLive(id)) return false;
      Object.assign(groups.get(id) as Group, structuredClone(set));
      touch(id, at);
      return true;
    },
    async remove(g, at) {
      if (!isLive(g.groupId)) return false;
      Object.assign(groups.get(g.groupId) as Group, { deletedAt: at, changedAt: at, memberCount: 0 });
      (claims.get(g.address) as { released?: boolean }).released = true;
      lists.set(g.groupId, new Map());
      for (const key of [...joins.keys()]) if (key.startsWith(`${g.groupId}#`)) joins.delete(key);
      return true;
    },
    async addMember(id, person, _by, at) {
      if (!isLive(id)) return 'no_group';
      const list = lists.get(id) as Map<string, GroupPerson>;
      if (list.has(person.memberId)) return 'already';
      list.set(person.memberId, { ...person });
      (groups.get(id) as Group).memberCount++;
      touch(id, at);
      return 'added';
    },
    async removeMember(id, memberId, at) {
      if (!isLive(id)) return 'no_group';
      const list = lists.get(id) as Map<string, GroupPerson>;
      if (!list.delete(memberId)) return 'not_member';
      (groups.get(id) as Group).memberCount--;
      touch(id, at);
      return 'removed';
    },
    isMember: async (id, memberId) => lists.get(id)?.has(memberId) ?? false,
    members: async (id) => [...(lists.get(id)?.values() ?? [])].map((p) => ({ ...p })),
    async putJoinRequest(r) {
      const key = `${r.groupId}#${r.memberId}`;
      if (joins.get(key)?.state === 'pending') return false;
      joins.set(key, { ...r });
      return true;
    },
    getJoinRequest: async (id, memberId) => structuredClone(joins.get(`${id}#${memberId}`) ?? null),
    joinRequests: async (id, state) => [...joins.values()].filter((r) => r.groupId === id && r.state === state).map((r) => ({ ...r })),
    async decideJoinRequest(id, memberId, to, by, at) {
      const r = joins.get(`${id}#${memberId}`);
      if (r?.state !== 'pending') return false;
      Object.assign(r, { state: to, decidedBy: by, decidedAt: at });
      return true;
    },
    async changed(since, limit, cursor) {
      const all = [...groups.values()]
        .filter((g) => (since ? g.changedAt >= since : !g.deletedAt))
        .sort((a, b) => `${a.changedAt}#${a.groupId}`.localeCompare(`${b.changedAt}#${b.groupId}`))
        .map((g) => structuredClone(g));
      // Cursors must be valid base64url JSON for the export's own cursor check.
      const start = cursor ? Number(JSON.parse(Buffer.from(cursor, 'base64url').toString()).i) : 0;
      const slice = all.slice(start, start + limit);
      const next = start + limit < all.length ? Buffer.from(JSON.stringify({ i: start + limit })).toString('base64url') : null;
      return { items: slice, nextCursor: next };
    },
  };

  const member = (n: number, institutionCode = 'SCH001'): Member => {
    const m = {
      memberId: `m-${String(n).padStart(24, '0')}`,
      address: `teacher${n}@${DOMAIN}`,
      institutionCode,
      state: 'activated',
    } as Member;
    members.set(m.memberId, m);
    claims.set(m.address, { memberId: m.memberId });
    return m;
  };

  let ids = 0;
  const deps: GroupDeps = {
    groups: store,
    members: {
      get: async (id) => members.get(id) ?? null,
      async getByAddress(address) {
        const id = claims.get(address)?.memberId;
        return id ? (members.get(id) ?? null) : null;
      },
    },
    audit: { record: async (e) => void audits.push(e) },
    profile: { newMailDomain: DOMAIN },
    clock,
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  return { deps, clock, tick, audits, member, groups, claims };
}

// Every moderator route admits the same roles: one action serves every group use case here.
const moderatorOf = (institution: string, sub = `mod-${institution}`): Actor =>
  actorOf('updateGroup', [held('moderator', institution)], { sub, login: `${sub}@${DOMAIN}` });
const operator = actorOf('updateGroup', [held('operator')], { sub: 'op-1', login: `op@${DOMAIN}` });
const call = (actor: Actor) => ({ actor, requestId: 'req-1' });

async function rejects(promise: Promise<unknown>, status: number, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect({ status: (error as DomainError).status, code: (error as DomainError).code }).toEqual({ status, code });
  return error as DomainError;
}

const base = { postingMode: 'open' as const, owners: [] as string[] };

describe('group address', () => {
  it('is the name on the new mail domain; upper case, bad characters, edges, `..` and reserved names are refused', () => {
    expect(groupAddress('docenti-3a', DOMAIN)).toBe(`docenti-3a@${DOMAIN}`);
    expect(groupAddress('a', DOMAIN)).toBe(`a@${DOMAIN}`);
    expect(groupAddress('klass_5.b', DOMAIN)).toBe(`klass_5.b@${DOMAIN}`);
    for (const bad of ['Docenti', 'с-кириллицей', 'a b', '-lead', 'trail.', 'a..b', 'x@y', '', 'a'.repeat(65)]) {
      expect(() => groupAddress(bad, DOMAIN), bad).toThrow(expect.objectContaining({ code: 'validation_failed', field: 'body.name' }));
      try {
        groupAddress(bad, DOMAIN);
      } catch (e) {
        expect((e as DomainError).errors?.[0]?.code).toBe('group_name_invalid');
      }
    }
    expect(groupAddress('a'.repeat(64), DOMAIN)).toHaveLength(64 + 1 + DOMAIN.length);
    try {
      groupAddress('postmaster', DOMAIN);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).errors?.[0]?.code).toBe('group_name_reserved');
    }
  });
});

describe('mailing groups: moderators', () => {
  it('a moderator creates a list in their own institution, audited with actor, action, target and institution', async () => {
    const w = world();
    const owner = w.member(1);
    const created = await createGroup(
      { ...base, name: 'docenti', owners: [owner.address.toUpperCase()] },
      call(moderatorOf('SCH001')),
      w.deps,
    );
    expect(created).toMatchObject({
      address: `docenti@${DOMAIN}`,
      institutionCode: 'SCH001',
      postingMode: 'open',
      owners: [{ memberId: owner.memberId, address: owner.address }],
      memberCount: 0,
    });
    expect(w.audits).toEqual([
      expect.objectContaining({
        actor: 'mod-SCH001',
        role: 'moderator',
        action: 'group.created',
        target: `GROUP#${created.groupId}`,
        institution: 'SCH001',
        outcome: 'success',
        details: expect.objectContaining({ groupId: created.groupId, ownerIds: [owner.memberId] }),
      }),
    ]);
  });

  it('a moderator of another institution gets 403 on every route, and the refusal is audited', async () => {
    const w = world();
    const g = await createGroup({ ...base, name: 'docenti' }, call(moderatorOf('SCH001')), w.deps);
    const m = w.member(2);
    const other = call(moderatorOf('SCH002'));
    await rejects(createGroup({ ...base, name: 'altro', institutionCode: 'SCH001' }, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(getGroup(g.groupId, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(updateGroup(g.groupId, { postingMode: 'moderated' }, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(addGroupMember(g.groupId, m.memberId, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(removeGroupMember(g.groupId, m.memberId, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(listJoinRequests(g.groupId, 'pending', other, w.deps), 403, 'institution_out_of_scope');
    await rejects(decideJoinRequest(g.groupId, m.memberId, 'approve', other, w.deps), 403, 'institution_out_of_scope');
    await rejects(deleteGroup(g.groupId, other, w.deps), 403, 'institution_out_of_scope');
    await rejects(listGroups('SCH001', { limit: 10 }, other.actor, w.deps), 403, 'institution_out_of_scope');
    const refused = w.audits.filter((a) => a.outcome === 'refused');
    expect(refused).toHaveLength(8);
    expect(refused.every((a) => a.actor === 'mod-SCH002' && a.reason === 'institution_out_of_scope' && a.institution === 'SCH001')).toBe(
      true,
    );
    // Nothing changed.
    expect((await getGroup(g.groupId, call(moderatorOf('SCH001')), w.deps)).members).toEqual([]);
  });

  it('an operator names the institution; a moderator without one gets theirs; no institution at all is a 400', async () => {
    const w = world();
    const g = await createGroup({ ...base, name: 'ministero', institutionCode: 'SCH009' }, call(operator), w.deps);
    expect(g.institutionCode).toBe('SCH009');
    expect(w.audits[0]).toMatchObject({ role: 'operator', institution: 'SCH009' });
    await rejects(createGroup({ ...base, name: 'nessuno' }, call(operator), w.deps), 400, 'validation_failed');
  });

  it('an address is unique among lists and people: a person’s address or a live list’s is a 409; a deleted list’s is free for a list', async () => {
    const w = world();
    w.member(7);
    const mod = call(moderatorOf('SCH001'));
    await rejects(createGroup({ ...base, name: 'teacher7' }, mod, w.deps), 409, 'address_taken');
    const g = await createGroup({ ...base, name: 'circolare' }, mod, w.deps);
    await rejects(createGroup({ ...base, name: 'circolare' }, call(moderatorOf('SCH002')), w.deps), 409, 'address_taken');
    await deleteGroup(g.groupId, mod, w.deps);
    // Still claimed by the list (so a person never gets it), but released to lists.
    expect(w.claims.get(`circolare@${DOMAIN}`)).toEqual({ groupId: g.groupId, released: true });
    const again = await createGroup({ ...base, name: 'circolare' }, mod, w.deps);
    expect(again.groupId).not.toBe(g.groupId);
  });

  it('members: by member id or address; unknown is 404 member_not_found, malformed is 400; PUT is idempotent; removal of a non-member is 404', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti' }, mod, w.deps);
    const a = w.member(1);
    const b = w.member(2, 'SCH777'); // staff of the deployment, another institution: allowed
    expect(await addGroupMember(g.groupId, a.memberId, mod, w.deps)).toEqual({
      added: true,
      member: { memberId: a.memberId, address: a.address },
    });
    expect((await addGroupMember(g.groupId, b.address, mod, w.deps)).added).toBe(true);
    expect((await addGroupMember(g.groupId, a.address, mod, w.deps)).added).toBe(false);
    // The address as a moderator pastes it: spaces around, capitals.
    expect((await addGroupMember(g.groupId, ` ${a.address.toUpperCase()} `, mod, w.deps)).added).toBe(false);
    await rejects(addGroupMember(g.groupId, `nobody@${DOMAIN}`, mod, w.deps), 404, 'member_not_found');
    await rejects(addGroupMember(g.groupId, 'm-unknown', mod, w.deps), 404, 'member_not_found');
    const bad = await rejects(addGroupMember(g.groupId, 'not an id!', mod, w.deps), 400, 'validation_failed');
    expect(bad.errors?.[0]).toMatchObject({ field: 'params.memberId', code: 'member_ref_invalid' });
    // A list's own address is not a person.
    await rejects(addGroupMember(g.groupId, g.address, mod, w.deps), 404, 'member_not_found');

    const detail = await getGroup(g.groupId, mod, w.deps);
    expect(detail.memberCount).toBe(2);
    expect(detail.members.map((p) => p.memberId).sort()).toEqual([a.memberId, b.memberId].sort());
    await removeGroupMember(g.groupId, a.address, mod, w.deps);
    await rejects(removeGroupMember(g.groupId, a.memberId, mod, w.deps), 404, 'not_a_member');
    expect((await getGroup(g.groupId, mod, w.deps)).memberCount).toBe(1);
    expect(w.audits.map((x) => x.action)).toEqual(['group.created', 'group.member-added', 'group.member-added', 'group.member-removed']);
  });

  it('posting mode and owners change by PATCH (owners replaced, unknown owner 404), audited with the changed fields', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti' }, mod, w.deps);
    const o = w.member(3);
    w.tick();
    const changed = await updateGroup(g.groupId, { postingMode: 'moderated', owners: [o.memberId, o.address] }, mod, w.deps);
    expect(changed).toMatchObject({ postingMode: 'moderated', owners: [{ memberId: o.memberId, address: o.address }] });
    expect(changed.changedAt > g.changedAt).toBe(true);
    expect(w.audits.at(-1)).toMatchObject({
      action: 'group.updated',
      details: { groupId: g.groupId, fields: ['postingMode', 'owners'], postingMode: 'moderated', ownerIds: [o.memberId] },
    });
    const e = await rejects(updateGroup(g.groupId, { owners: [`ghost@${DOMAIN}`] }, mod, w.deps), 404, 'member_not_found');
    expect(e.message).toContain('ghost@');
    expect((await getGroup(g.groupId, mod, w.deps)).owners).toHaveLength(1);
    expect((await updateGroup(g.groupId, { postingMode: 'open' }, mod, w.deps)).postingMode).toBe('open');
  });

  it('a deleted list is 404 everywhere and gone from the institution’s listing', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti' }, mod, w.deps);
    await deleteGroup(g.groupId, mod, w.deps);
    expect(w.audits.at(-1)).toMatchObject({ action: 'group.deleted', target: `GROUP#${g.groupId}` });
    await rejects(getGroup(g.groupId, mod, w.deps), 404, 'group_not_found');
    await rejects(deleteGroup(g.groupId, mod, w.deps), 404, 'group_not_found');
    // 404 comes before the scope check: a tombstone's institution is not disclosed.
    await rejects(getGroup(g.groupId, call(moderatorOf('SCH002')), w.deps), 404, 'group_not_found');
    expect((await listGroups('SCH001', { limit: 10 }, mod.actor, w.deps)).items).toEqual([]);
  });
});

describe('mailing groups: join requests', () => {
  /** A member as the join route sees them: staff of their institution (the staff register), found by login. */
  const staff = (m: Pick<Member, 'memberId' | 'address' | 'institutionCode'>) =>
    call(actorOf('requestToJoinGroup', [held('staff', m.institutionCode)], { sub: `sub-${m.memberId}`, login: m.address.toUpperCase() }));

  it('a staff member asks (found by login), the moderator lists and approves: the member joins once, both steps audited', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti', postingMode: 'moderated' }, mod, w.deps);
    const m = w.member(4, 'SCH001');
    // A list is joined by its own institution's staff: a member of SCH002 is refused.
    await rejects(requestToJoin(g.groupId, staff(w.member(7, 'SCH002')), w.deps), 403, 'institution_out_of_scope');
    const asked = await requestToJoin(g.groupId, staff(m), w.deps);
    expect(asked).toMatchObject({ memberId: m.memberId, address: m.address, state: 'pending', decidedAt: null });
    expect(w.audits.at(-1)).toMatchObject({
      actor: `sub-${m.memberId}`,
      role: 'staff',
      action: 'group.join-requested',
      institution: 'SCH001',
    });
    await rejects(requestToJoin(g.groupId, staff(m), w.deps), 409, 'join_request_pending');

    expect((await listJoinRequests(g.groupId, 'pending', mod, w.deps)).items.map((r) => r.memberId)).toEqual([m.memberId]);
    const decided = await decideJoinRequest(g.groupId, m.memberId, 'approve', mod, w.deps);
    expect(decided).toMatchObject({ state: 'approved', decidedAt: expect.any(String) });
    expect((await getGroup(g.groupId, mod, w.deps)).members).toEqual([{ memberId: m.memberId, address: m.address }]);
    expect(w.audits.slice(-2).map((a) => a.action)).toEqual(['group.member-added', 'group.join-approved']);
    await rejects(decideJoinRequest(g.groupId, m.memberId, 'reject', mod, w.deps), 409, 'already_decided');
    await rejects(requestToJoin(g.groupId, staff(m), w.deps), 409, 'already_member');
    expect((await listJoinRequests(g.groupId, 'pending', mod, w.deps)).items).toEqual([]);
  });

  it('a rejected member is not added and may ask again; an account outside the register cannot ask; unknown requests are 404', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti' }, mod, w.deps);
    const m = w.member(5);
    await requestToJoin(g.groupId, staff(m), w.deps);
    expect((await decideJoinRequest(g.groupId, m.memberId, 'reject', mod, w.deps)).state).toBe('rejected');
    expect((await getGroup(g.groupId, mod, w.deps)).memberCount).toBe(0);
    expect(w.audits.at(-1)?.action).toBe('group.join-rejected');
    expect((await requestToJoin(g.groupId, staff(m), w.deps)).state).toBe('pending');
    const outsider = { memberId: 's', address: `demo.staff@${DOMAIN}`, institutionCode: 'SCH001' };
    await rejects(requestToJoin(g.groupId, staff(outsider), w.deps), 403, 'not_staff_member');
    await rejects(decideJoinRequest(g.groupId, 'm-nobody', 'approve', mod, w.deps), 404, 'join_request_not_found');
    await rejects(requestToJoin('00000000-0000-4000-8000-999999999999', staff(m), w.deps), 404, 'group_not_found');
  });

  it('approving again after a failure between adding and closing finishes the job (no double member)', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const g = await createGroup({ ...base, name: 'docenti' }, mod, w.deps);
    const m = w.member(6);
    await requestToJoin(g.groupId, staff(m), w.deps);
    const decide = w.deps.groups.decideJoinRequest;
    w.deps.groups.decideJoinRequest = async () => {
      throw new Error('DynamoDB went away');
    };
    await expect(decideJoinRequest(g.groupId, m.memberId, 'approve', mod, w.deps)).rejects.toThrow('went away');
    w.deps.groups.decideJoinRequest = decide;
    expect((await decideJoinRequest(g.groupId, m.memberId, 'approve', mod, w.deps)).state).toBe('approved');
    expect((await getGroup(g.groupId, mod, w.deps)).memberCount).toBe(1);
  });
});

describe('mailing groups: export for the mail system', () => {
  it('full export: live lists with owners and members (addresses), paginated; changed-since: changes and tombstones only', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    const owner = w.member(1);
    const lists = [];
    for (const name of ['a-list', 'b-list', 'c-list']) {
      lists.push(await createGroup({ ...base, name, owners: [owner.memberId] }, mod, w.deps));
      w.tick();
    }
    const [a, b, c] = lists as [(typeof lists)[0], (typeof lists)[0], (typeof lists)[0]];
    await addGroupMember(a.groupId, w.member(2).memberId, mod, w.deps);
    w.tick(5 * 60_000);

    const first = await exportGroups({ limit: 2 }, w.deps);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    expect(first.nextSince).toBeNull();
    const second = await exportGroups({ limit: 2, cursor: first.nextCursor as string }, w.deps);
    expect(second.nextCursor).toBeNull();
    const full = [...first.items, ...second.items];
    expect(full.map((g) => g.address).sort()).toEqual([a.address, b.address, c.address].sort());
    expect(full.find((g) => g.groupId === a.groupId)).toEqual({
      groupId: a.groupId,
      address: a.address,
      institutionCode: 'SCH001',
      deleted: false,
      displayName: null,
      postingMode: 'open',
      owners: [owner.address],
      members: [`teacher2@${DOMAIN}`],
      changedAt: expect.any(String),
    });
    // Everything was older than the index lag: the next sync starts at the last change seen.
    const lastChange = full
      .map((g) => g.changedAt)
      .sort()
      .at(-1);
    expect(second.nextSince).toBe(lastChange);

    w.tick(60_000);
    const since = w.clock.now().toISOString();
    w.tick();
    await updateGroup(b.groupId, { postingMode: 'moderated' }, mod, w.deps);
    await deleteGroup(c.groupId, mod, w.deps);
    const changed = await exportGroups({ since, limit: 10 }, w.deps);
    expect(changed.items).toEqual([
      expect.objectContaining({ groupId: b.groupId, deleted: false, postingMode: 'moderated' }),
      { groupId: c.groupId, address: c.address, institutionCode: 'SCH001', deleted: true, changedAt: expect.any(String) },
    ]);
    // Changes this recent may still be propagating in the index: the next `since` stays behind
    // them (now − lag), but never goes back before the `since` asked for.
    expect(changed.nextSince).toBe(since);
    const fromLongAgo = await exportGroups({ since: '2027-01-01T00:00:00Z', limit: 10 }, w.deps);
    expect(fromLongAgo.nextSince).toBe(new Date(w.clock.now().getTime() - INDEX_LAG_MS).toISOString());
    w.tick(10 * 60_000);
    expect((await exportGroups({ since, limit: 10 }, w.deps)).nextSince).toBe(changed.items.at(-1)?.changedAt);
    // A full export leaves the tombstone out.
    expect((await exportGroups({ limit: 10 }, w.deps)).items.map((g) => g.groupId).sort()).toEqual([a.groupId, b.groupId].sort());
  });

  it('a cursor keeps its `since`; another `since` with it, or a forged cursor, is a 400', async () => {
    const w = world();
    const mod = call(moderatorOf('SCH001'));
    for (const name of ['x1', 'x2', 'x3']) await createGroup({ ...base, name }, mod, w.deps);
    const since = '2027-03-01T00:00:00Z';
    const first = await exportGroups({ since, limit: 1 }, w.deps);
    const next = await exportGroups({ since, limit: 5, cursor: first.nextCursor as string }, w.deps);
    expect(next.items).toHaveLength(2);
    await rejects(
      exportGroups({ since: '2027-02-01T00:00:00Z', limit: 5, cursor: first.nextCursor as string }, w.deps),
      400,
      'validation_failed',
    );
    await rejects(exportGroups({ limit: 5, cursor: 'bm90LWpzb24' }, w.deps), 400, 'validation_failed');
  });
});
