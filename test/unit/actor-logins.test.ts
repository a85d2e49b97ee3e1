import { describe, expect, it } from 'vitest';
import { cachedPoolLogins, MAX_POOL_LOOKUPS, withActorLogins } from '../../shared/audit/actor-logins';
import type { AuditQueries, AuditRecordView } from '../../shared/audit/audit-queries';
import { queryAuditTrail } from '../../shared/audit/audit-use-cases';
import type { Role } from '../../shared/catalog';
import { fixedClock } from '../../shared/clock';
import { actorOf, held } from '../helpers/actors';

const NOW = new Date('2027-03-10T09:00:00Z');
const sub = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const record = (actor: string): AuditRecordView => ({
  at: NOW.toISOString(),
  actor,
  actorLogin: null,
  role: 'operator',
  action: 'member.updated',
  target: 'm1',
  institution: 'DEMO001',
  outcome: 'success',
  reason: null,
  requestId: 'r',
  seq: 1,
  details: null,
});

/** Sources that count what they were asked. */
function sources(members: Record<string, string>, pool: Record<string, string>) {
  const asked = { members: [] as string[][], pool: [] as string[] };
  return {
    asked,
    sources: {
      async membersLogins(ids: string[]) {
        asked.members.push(ids);
        return new Map(ids.filter((id) => members[id]).map((id) => [id, members[id] as string]));
      },
      async poolLogin(s: string) {
        asked.pool.push(s);
        return pool[s] ?? null;
      },
    },
  };
}

describe('actor logins on an audit page', () => {
  it('keeps a login, finds member ids in the member store and subs in the pool; system actors and unknowns stay null', async () => {
    const { sources: src, asked } = sources({ 'member-7': 'mario.rossi@posta.istruzione.it' }, { [sub(1)]: 'ada@posta.istruzione.it' });
    const page = await withActorLogins(
      [
        record(sub(1)),
        record('member-7'),
        record('ugo@posta.istruzione.it'),
        record('cognito:ChangePassword'),
        record(sub(2)),
        record(sub(1)),
      ],
      src,
    );
    expect(page.map((r) => r.actorLogin)).toEqual([
      'ada@posta.istruzione.it',
      'mario.rossi@posta.istruzione.it',
      'ugo@posta.istruzione.it',
      null,
      null,
      'ada@posta.istruzione.it',
    ]);
    // One batch read; each distinct sub asked once; a login and a system name asked of nobody.
    expect(asked.members).toEqual([[sub(1), 'member-7', sub(2)]]);
    expect(asked.pool.sort()).toEqual([sub(1), sub(2)]);
  });

  it('asks the pool for at most MAX_POOL_LOOKUPS distinct subs a page; a failed lookup leaves the id', async () => {
    const { sources: src, asked } = sources({}, {});
    const failures: unknown[] = [];
    const many = Array.from({ length: MAX_POOL_LOOKUPS + 10 }, (_, i) => record(sub(i)));
    const page = await withActorLogins(
      many,
      { ...src, poolLogin: async () => Promise.reject(new Error('TooManyRequestsException')) },
      (e) => failures.push(e),
    );
    expect(page.every((r) => r.actorLogin === null)).toBe(true);
    expect(failures).toHaveLength(MAX_POOL_LOOKUPS);
    expect(asked.members).toHaveLength(1);
  });

  it('caches pool answers per container until they are stale', async () => {
    let now = NOW;
    const clock = { now: () => now };
    const calls: string[] = [];
    const cached = cachedPoolLogins(
      async (s) => {
        calls.push(s);
        return `${s}@x`;
      },
      clock,
      60_000,
    );
    await cached('a');
    await cached('a');
    expect(calls).toEqual(['a']);
    now = new Date(NOW.getTime() + 61_000);
    await cached('a');
    expect(calls).toEqual(['a', 'a']);
  });

  it('names actors for operators and auditors only: a school admin reading their institution sees ids', async () => {
    const queries: AuditQueries = { find: async () => ({ items: [record(sub(1))], nextCursor: null }) };
    const { sources: src } = sources({}, { [sub(1)]: 'ada@posta.istruzione.it' });
    const deps = { queries, audit: { record: async () => {} }, clock: fixedClock(NOW), logins: src };
    const as = (role: Role) =>
      actorOf('queryAudit', [held(role, role === 'school-admin' ? 'DEMO001' : null)], { sub: 'u-1', login: 'u-1@posta' });
    const read = (role: Role) => queryAuditTrail({ institution: 'DEMO001', limit: 10 }, as(role), deps, 'r');
    expect((await read('auditor')).items[0]?.actorLogin).toBe('ada@posta.istruzione.it');
    expect((await read('operator')).items[0]?.actorLogin).toBe('ada@posta.istruzione.it');
    expect((await read('school-admin')).items[0]?.actorLogin).toBeNull();
  });

  it('reads an actor given as a login as its account’s sub; a login the pool does not know as it is; nothing is looked up for a refused reader', async () => {
    const asked: string[] = [];
    const read: string[] = [];
    const queries: AuditQueries = {
      async find(query) {
        if (query.by === 'actor') read.push(query.actor);
        return { items: [], nextCursor: null };
      },
    };
    const { sources: src } = sources({}, {});
    const logins = {
      ...src,
      async poolSub(login: string) {
        asked.push(login);
        return login === 'ada@posta.istruzione.it' ? sub(1) : null;
      },
    };
    const deps = { queries, audit: { record: async () => {} }, clock: fixedClock(NOW), logins };
    const as = (role: Role) =>
      actorOf('queryAudit', [held(role, role === 'school-admin' ? 'DEMO001' : null)], { sub: 'u-1', login: 'u-1@posta' });
    await queryAuditTrail({ actor: ' Ada@Posta.Istruzione.it', limit: 10 }, as('auditor'), deps, 'r');
    await queryAuditTrail({ actor: 'someone@example.org', limit: 10 }, as('operator'), deps, 'r');
    await queryAuditTrail({ actor: sub(2), limit: 10 }, as('operator'), deps, 'r');
    expect(read).toEqual([sub(1), 'someone@example.org', sub(2)]);
    expect(asked).toEqual(['ada@posta.istruzione.it', 'someone@example.org']);
    await expect(queryAuditTrail({ actor: 'ada@posta.istruzione.it', limit: 10 }, as('school-admin'), deps, 'r')).rejects.toMatchObject({
      status: 403,
    });
    expect(asked).toHaveLength(2);
  });
});
