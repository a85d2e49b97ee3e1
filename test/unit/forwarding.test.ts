import { describe, expect, it } from 'vitest';
import { forwardingParams } from '../../shared/api/forwarding-schemas';
import { fixedClock } from '../../shared/clock';
import { DomainError } from '../../shared/errors';
import { openForwarding } from '../../shared/forwarding/forwarding';
import { forwardingsCsv } from '../../shared/forwarding/forwarding-csv';
import type { ForwardingReads } from '../../shared/forwarding/forwarding-reads';
import { type ForwardingDeps, listForwardings, lookupForwarding, MAX_SCANNED_PER_PAGE } from '../../shared/forwarding/forwarding-use-cases';
import type { Member } from '../../shared/members/member';
import { loadProfile } from '../../shared/profiles';

const italy = loadProfile('it-miur'); // forwardingWindowDays: 180
const turkey = loadProfile('tr-meb'); // no forwarding
const CREATED = '2027-02-01T08:00:00.000Z';
const END = '2027-07-31T08:00:00.000Z'; // CREATED + 180 days

const member = (n: number, over: Partial<Member> = {}): Member =>
  ({
    memberId: `m-${String(n).padStart(24, '0')}`,
    oldAddress: `mario.rossi${n}@istruzione.it`,
    address: `mario.rossi${n}@posta.istruzione.it`,
    accountCreatedAt: CREATED,
    lotId: 'lot-1',
    state: 'notified',
    ...over,
  }) as Member;

describe('the forwarding window (injected clock)', () => {
  const at = (iso: string) => new Date(iso);

  it('is closed before launch: no account yet', () => {
    expect(openForwarding(member(1, { accountCreatedAt: undefined }), italy, at('2027-02-02T00:00:00Z'))).toBeNull();
  });

  it('is open from account creation, until creation + forwardingWindowDays', () => {
    expect(openForwarding(member(1), italy, at(CREATED))).toEqual({
      from: 'mario.rossi1@istruzione.it',
      to: 'mario.rossi1@posta.istruzione.it',
      until: END,
    });
    expect(openForwarding(member(1), italy, at('2027-07-31T07:59:59.999Z'))?.until).toBe(END);
  });

  it('is closed at the end instant and after it', () => {
    expect(openForwarding(member(1), italy, at(END))).toBeNull();
    expect(openForwarding(member(1), italy, at('2028-01-01T00:00:00Z'))).toBeNull();
  });

  it('does not exist in a profile without forwarding', () => {
    expect(turkey.forwardingWindowDays).toBeNull();
    expect(openForwarding(member(1), turkey, at('2027-02-02T00:00:00Z'))).toBeNull();
  });

  it('needs an old address that still leads to this mailbox', () => {
    const now = at('2027-03-01T00:00:00Z');
    expect(openForwarding(member(1, { oldAddress: null }), italy, now)).toBeNull();
    // Re-imported with another old address: the mailbox kept the first one's name.
    expect(openForwarding(member(1, { oldAddress: 'anna.bianchi@istruzione.it' }), italy, now)).toBeNull();
  });
});

/** In-memory stores: the address reservations and lots as import and launch leave them. */
function fakeDeps(members: Member[], now: string, lots: Array<{ lotId: string; key: string }> = [{ lotId: 'lot-1', key: 'k1' }]) {
  const byId = new Map(members.map((m) => [m.memberId, m]));
  const calls = { lotMembers: 0 };
  const reads: ForwardingReads = {
    memberAtAddress: async (address) => members.find((m) => m.address === address)?.memberId ?? null,
    startedLots: async (fromKey) => lots.filter((l) => fromKey === null || l.key >= fromKey),
  };
  const deps: ForwardingDeps = {
    members: {
      get: async (id) => byId.get(id) ?? null,
      getMany: async (ids) => new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id) as Member] as const] : []))),
      lotMembers: async (lotId, after, limit) => {
        calls.lotMembers++;
        return members
          .filter((m) => m.lotId === lotId && (after === null || m.memberId > after))
          .map((m) => m.memberId)
          .sort()
          .slice(0, limit);
      },
    },
    reads,
    profile: italy,
    clock: fixedClock(now),
  };
  return { deps, calls };
}

const codeOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { status: (error as DomainError).status, code: (error as DomainError).code };
};

describe('lookupForwarding', () => {
  const launched = member(1);
  const pending = member(2, { accountCreatedAt: undefined, state: 'pending' });
  const { deps } = fakeDeps([launched, pending], '2027-03-01T00:00:00Z');

  it('answers the new address and the window end for a launched member', async () => {
    expect(await lookupForwarding('mario.rossi1@istruzione.it', deps)).toEqual({
      from: 'mario.rossi1@istruzione.it',
      to: 'mario.rossi1@posta.istruzione.it',
      until: END,
    });
  });

  it('ignores the case of the address (import stores old addresses in lower case)', async () => {
    expect((await lookupForwarding('Mario.Rossi1@ISTRUZIONE.IT', deps)).to).toBe('mario.rossi1@posta.istruzione.it');
  });

  it('answers the same 404 for an unknown address, a member not launched yet, another domain and an expired window', async () => {
    const notFound = { status: 404, code: 'forwarding_not_found' };
    expect(await codeOf(lookupForwarding('nobody@istruzione.it', deps))).toEqual(notFound);
    expect(await codeOf(lookupForwarding('mario.rossi2@istruzione.it', deps))).toEqual(notFound);
    expect(await codeOf(lookupForwarding('mario.rossi1@example.org', deps))).toEqual(notFound);
    const later = fakeDeps([launched], END).deps;
    expect(await codeOf(lookupForwarding('mario.rossi1@istruzione.it', later))).toEqual(notFound);
  });

  it('answers forwarding_not_offered where the profile has no forwarding', async () => {
    const none = { ...deps, profile: turkey };
    expect(await codeOf(lookupForwarding('mario.rossi1@istruzione.it', none))).toEqual({ status: 404, code: 'forwarding_not_offered' });
  });
});

describe('listForwardings', () => {
  // Two started lots; in each, every third member has no account yet.
  const all = [
    ...Array.from({ length: 9 }, (_, i) => member(100 + i, { lotId: 'lot-1', ...(i % 3 === 2 && { accountCreatedAt: undefined }) })),
    ...Array.from({ length: 6 }, (_, i) => member(200 + i, { lotId: 'lot-2', ...(i % 3 === 2 && { accountCreatedAt: undefined }) })),
  ];
  const lots = [
    { lotId: 'lot-1', key: '2027-02-01T08:00:00.000Z#lot-1' },
    { lotId: 'lot-2', key: '2027-02-08T08:00:00.000Z#lot-2' },
  ];
  const open = all.filter((m) => m.accountCreatedAt).map((m) => m.oldAddress);

  it('pages through every open forwarding of every started lot, once each, across lot boundaries', async () => {
    const { deps } = fakeDeps(all, '2027-03-01T00:00:00Z', lots);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listForwardings({ limit: 4, cursor }, deps);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((f) => f.from));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(open);
    expect(open).toHaveLength(10);
  });

  it('answers nothing once every window has closed', async () => {
    const { deps } = fakeDeps(all, END, lots);
    expect(await listForwardings({ limit: 100 }, deps)).toEqual({ items: [], nextCursor: null });
  });

  it('bounds the members read per page: a long stretch without forwarding returns a short page with a cursor', async () => {
    const many = Array.from({ length: MAX_SCANNED_PER_PAGE + 50 }, (_, i) =>
      member(1000 + i, { accountCreatedAt: i < MAX_SCANNED_PER_PAGE ? undefined : CREATED }),
    );
    const { deps } = fakeDeps(many, '2027-03-01T00:00:00Z');
    const first = await listForwardings({ limit: 10 }, deps);
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listForwardings({ limit: 100, cursor: first.nextCursor ?? undefined }, deps);
    expect(second.items).toHaveLength(50);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    const { deps } = fakeDeps(all, '2027-03-01T00:00:00Z', lots);
    expect(await codeOf(listForwardings({ limit: 10, cursor: 'bm90LWpzb24' }, deps))).toEqual({ status: 400, code: 'validation_failed' });
  });
});

describe('forwardingsCsv', () => {
  it('writes a header and one line per forwarding, neutralizing formula-like cells', () => {
    const csv = forwardingsCsv([
      { from: 'a@istruzione.it', to: 'a@posta.istruzione.it', until: END },
      { from: '=cmd@istruzione.it', to: '=cmd@posta.istruzione.it', until: END },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'from,to,until',
      `a@istruzione.it,a@posta.istruzione.it,${END}`,
      `'=cmd@istruzione.it,'=cmd@posta.istruzione.it,${END}`,
      '',
    ]);
  });
});

describe('forwardingParams', () => {
  it('takes the old address raw or still percent-encoded, and refuses what is not an address', () => {
    expect(forwardingParams.parse({ oldAddress: 'mario.rossi@istruzione.it' }).oldAddress).toBe('mario.rossi@istruzione.it');
    expect(forwardingParams.parse({ oldAddress: 'mario.rossi%40istruzione.it' }).oldAddress).toBe('mario.rossi@istruzione.it');
    expect(forwardingParams.safeParse({ oldAddress: 'mario.rossi' }).success).toBe(false);
  });
});
