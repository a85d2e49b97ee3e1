import { decodeCursor } from '../clients/dynamo-helpers';
import type { Clock } from '../clock';
import { ValidationError } from '../errors';
import type { Group, GroupPerson, PostingMode } from './group';
import type { GroupStore } from './group-store';

/**
 * The changed index is a GSI, so a write may show up in it a moment late. `nextSince` therefore
 * never goes past "now − this lag": the next export reads the last moments again (upserts are
 * idempotent for the mail system) rather than miss a change that was still propagating.
 */
export const INDEX_LAG_MS = 60_000;

export type ExportedGroup =
  | {
      groupId: string;
      address: string;
      institutionCode: string;
      deleted: false;
      displayName: string | null;
      postingMode: PostingMode;
      owners: string[];
      members: string[];
      changedAt: string;
    }
  | { groupId: string; address: string; institutionCode: string; deleted: true; changedAt: string };

export interface GroupExportPage {
  items: ExportedGroup[];
  nextCursor: string | null;
  /** Last page only: pass as `since` next time. */
  nextSince: string | null;
}

export interface GroupExportDeps {
  groups: Pick<GroupStore, 'changed' | 'members'>;
  clock: Clock;
}

const addresses = (people: GroupPerson[]) => people.map((p) => p.address).sort();

async function exported(group: Group, deps: GroupExportDeps): Promise<ExportedGroup> {
  const base = { groupId: group.groupId, address: group.address, institutionCode: group.institutionCode, changedAt: group.changedAt };
  if (group.deletedAt) return { ...base, deleted: true };
  return {
    ...base,
    deleted: false,
    displayName: group.displayName,
    postingMode: group.postingMode,
    owners: addresses(group.owners),
    members: addresses(await deps.groups.members(group.groupId)),
  };
}

interface Position {
  /** The `since` the export started with (null: full); a cursor keeps it so pages stay one export. */
  s: string | null;
  /** The store's cursor. */
  k: string;
  /** Largest `changedAt` seen so far. */
  m: string | null;
}

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

function decode(cursor: string): Position {
  const p = decodeCursor(
    cursor,
    'query.cursor',
    (k) => typeof k.k === 'string' && (k.s === null || typeof k.s === 'string') && (k.m === null || typeof k.m === 'string'),
  );
  return p as unknown as Position;
}

/**
 * Full export (no `since`): every live list with its owners and members. Changed since: every
 * list changed at or after `since`, deleted ones as tombstones (`deleted: true`). A list changed
 * while a full export is paged moves to the end of the index, so it is read again, never skipped.
 */
export async function exportGroups(
  input: { since?: string | undefined; cursor?: string | undefined; limit: number },
  deps: GroupExportDeps,
): Promise<GroupExportPage> {
  const position = input.cursor ? decode(input.cursor) : null;
  const since = position ? position.s : input.since ? new Date(input.since).toISOString() : null;
  if (position && input.since !== undefined && new Date(input.since).toISOString() !== position.s) {
    throw new ValidationError([
      { field: 'query.since', code: 'cursor_invalid', message: 'The cursor belongs to an export with another `since`' },
    ]);
  }
  const startedAt = deps.clock.now();
  const page = await deps.groups.changed(since, input.limit, position?.k);
  const items: ExportedGroup[] = [];
  for (const group of page.items) items.push(await exported(group, deps));
  const seen = [position?.m ?? null, ...items.map((i) => i.changedAt)].reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);
  if (page.nextCursor) return { items, nextCursor: encode({ s: since, k: page.nextCursor, m: seen }), nextSince: null };
  const safe = new Date(startedAt.getTime() - INDEX_LAG_MS).toISOString();
  // Past the last change seen, but not into the window the index may still be catching up on.
  let next = seen && seen < safe ? seen : safe;
  if (since && next < since) next = since;
  return { items, nextCursor: null, nextSince: next };
}
