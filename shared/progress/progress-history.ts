import { type Actor, assertInstitution } from '../auth/scope';
import { addDay, type Clock, dayOf } from '../clock';
import type { InstitutionStore } from '../institutions/institution-store';
import { noProgress, type ProgressCounts } from './progress-keys';

/**
 * Members by state over time (issue #16): once a day the `progress-snapshot` job copies each
 * registered institution's counters (the same item `GET …/progress` reads) into one small item
 * for that UTC day. The history route reads those items, never members: a year of an institution
 * is one query of at most `HISTORY_RETENTION_DAYS` items, whatever its size.
 */

/** How long a day's snapshot is kept (DynamoDB TTL): a school year and a summer, with room for a year-on-year look. */
export const HISTORY_RETENTION_DAYS = 400;

/** Institutions read (and snapshots written) a page at a time: one registry query, one counters read, four batch writes. */
export const SNAPSHOT_PAGE = 100;

/** One institution's counts on one UTC day, as the snapshot job last wrote them that day. */
export interface ProgressSnapshot {
  institutionCode: string;
  /** UTC day, `yyyy-mm-dd`. */
  day: string;
  /** When the job that wrote it ran (its "as of" instant). */
  takenAt: string;
  counts: ProgressCounts;
}

/** The port: the institutions' counters, and their days. */
export interface ProgressHistoryStore {
  /** The current counters of each of `codes` (zeros for an institution with none yet). */
  countersOf(codes: readonly string[]): Promise<Map<string, ProgressCounts>>;
  /** Writes each snapshot over the same institution's same day (a rerun of a day overwrites it); expires at `expiresAt`. */
  put(snapshots: readonly ProgressSnapshot[], expiresAt: Date): Promise<void>;
  /** An institution's snapshots from `from` to `to` (UTC days, both included), oldest first; missing days are absent. */
  between(institutionCode: string, from: string, to: string): Promise<ProgressSnapshot[]>;
}

export interface SnapshotDeps {
  institutions: Pick<InstitutionStore, 'list'>;
  history: ProgressHistoryStore;
  clock: Clock;
}

/**
 * The daily snapshot: pages through the registry, reads each page's counters in one batch and
 * writes one item per institution for the clock's UTC day. Idempotent for a day: run again (a
 * retry, `npm run job -- progress-snapshot --at …`), it writes the same keys with the counts of then.
 */
export async function snapshotProgress(deps: SnapshotDeps, pageSize = SNAPSHOT_PAGE): Promise<{ day: string; institutions: number }> {
  const now = deps.clock.now();
  const day = dayOf(now);
  const expiresAt = new Date(`${addDay(day, HISTORY_RETENTION_DAYS)}T00:00:00Z`);
  let cursor: string | undefined;
  let institutions = 0;
  do {
    const page = await deps.institutions.list(pageSize, cursor);
    const codes = page.items.map((i) => i.code);
    if (codes.length > 0) {
      const counters = await deps.history.countersOf(codes);
      await deps.history.put(
        codes.map((institutionCode) => ({
          institutionCode,
          day,
          takenAt: now.toISOString(),
          counts: counters.get(institutionCode) ?? noProgress(),
        })),
        expiresAt,
      );
    }
    institutions += codes.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { day, institutions };
}

/**
 * The last `days` UTC days of an institution (today, by the clock, included), oldest first. The
 * caller must hold the route's role for that institution (the policy decides; another school's
 * admin gets 403). `days` rather than `from`/`to`: the chart always wants "the last N days", the
 * server's clock says which day is today, and one bounded number is all there is to validate.
 */
export async function progressHistory(
  actor: Actor,
  institutionCode: string,
  days: number,
  deps: Pick<SnapshotDeps, 'history' | 'clock'>,
): Promise<{ institutionCode: string; from: string; to: string; days: Array<Omit<ProgressSnapshot, 'institutionCode'>> }> {
  assertInstitution(actor, institutionCode);
  const to = dayOf(deps.clock.now());
  const from = addDay(to, -(days - 1));
  const found = await deps.history.between(institutionCode, from, to);
  return { institutionCode, from, to, days: found.map(({ day, takenAt, counts }) => ({ day, takenAt, counts })) };
}
