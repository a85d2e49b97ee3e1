import type { Clock } from '../clock';
import { NotFoundError, ValidationError } from '../errors';
import type { MemberStore } from '../members/member-store';
import type { Profile } from '../profiles';
import { candidateNewAddress, type Forwarding, openForwarding } from './forwarding';
import type { ForwardingReads } from './forwarding-reads';

export interface ForwardingDeps {
  members: Pick<MemberStore, 'get' | 'getMany' | 'lotMembers'>;
  reads: ForwardingReads;
  profile: Pick<Profile, 'oldMailDomain' | 'newMailDomain' | 'forwardingWindowDays'>;
  clock: Clock;
}

/** Members read per lot query and batch get. */
const BATCH = 100;
/**
 * Members looked at per page at most: a page may come back short (even empty) with a cursor when
 * a stretch of members has no open forwarding, so one call's work stays bounded.
 */
export const MAX_SCANNED_PER_PAGE = 2_000;

function notOffered(profile: ForwardingDeps['profile']) {
  if (profile.forwardingWindowDays === null) throw new NotFoundError('Forwarding (this deployment offers none)', 'forwarding_not_offered');
}

/**
 * The forwarding of one old address. The mail router needs only "forward to X until Y" or "no":
 * an unknown address, a member not launched yet and a closed window all answer the same 404, which
 * also says nothing about who is on the staff register or when their lot is due.
 */
export async function lookupForwarding(oldAddress: string, deps: ForwardingDeps): Promise<Forwarding> {
  notOffered(deps.profile);
  const notFound = () => new NotFoundError('An open forwarding for this address', 'forwarding_not_found');
  const candidate = candidateNewAddress(oldAddress, deps.profile);
  const memberId = candidate && (await deps.reads.memberAtAddress(candidate));
  const member = memberId ? await deps.members.get(memberId) : null;
  if (!member || member.oldAddress?.toLowerCase() !== oldAddress.toLowerCase()) throw notFound();
  const forwarding = openForwarding(member, deps.profile, deps.clock.now());
  if (!forwarding) throw notFound();
  return forwarding;
}

interface Position {
  /** Index key of the lot being read. */
  l: string;
  /** Last member id of that lot already read; null: from its start. */
  m: string | null;
}

const encodeCursor = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof p?.l === 'string' && (p.m === null || typeof p.m === 'string')) return { l: p.l, m: p.m };
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ field: 'query.cursor', code: 'cursor_invalid', message: 'The cursor is not one this API returned' }]);
}

export interface ForwardingPage {
  items: Forwarding[];
  /** Where the next page starts; null when every started lot has been read. */
  nextCursor: string | null;
}

/**
 * Every open forwarding, lot by lot (launching and launched lots, by launch time) and member by
 * member within a lot (member id order, the lot's own index), each judged by the same rule as a
 * single lookup. Only members of started lots can have an account, so nothing else is read.
 */
export async function listForwardings(input: { limit: number; cursor?: string }, deps: ForwardingDeps): Promise<ForwardingPage> {
  notOffered(deps.profile);
  const start = decodeCursor(input.cursor);
  const now = deps.clock.now();
  const lots = await deps.reads.startedLots(start?.l ?? null);
  const items: Forwarding[] = [];
  let scanned = 0;
  for (const lot of lots) {
    let after = start && lot.key === start.l ? start.m : null;
    for (;;) {
      const take = Math.min(BATCH, MAX_SCANNED_PER_PAGE - scanned);
      if (take <= 0) return { items, nextCursor: encodeCursor({ l: lot.key, m: after }) };
      const ids = await deps.members.lotMembers(lot.lotId, after, take);
      scanned += ids.length;
      const found = await deps.members.getMany(ids);
      for (const id of ids) {
        after = id;
        const member = found.get(id);
        const forwarding = member && openForwarding(member, deps.profile, now);
        if (forwarding) items.push(forwarding);
        if (items.length === input.limit) return { items, nextCursor: encodeCursor({ l: lot.key, m: id }) };
      }
      if (ids.length < take) break;
    }
  }
  return { items, nextCursor: null };
}
