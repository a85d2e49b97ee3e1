/**
 * When the daily `progress-snapshot` job runs (UTC), as the desks tell it in the history chart's
 * empty state. The catalog's cron (shared/catalog.ts) is the truth; test/unit/progress-history.test.ts
 * fails when the two differ.
 */
export const SNAPSHOT_TIME_UTC = '23:55';
