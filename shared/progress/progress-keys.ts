/** What the progress screens count, per lot and per institution (no I/O: domain modules and adapters share it). */
export const PROGRESS_KEYS = ['pending', 'accountCreated', 'notified', 'reNotified', 'bounced', 'activated', 'expired'] as const;
export type ProgressKey = (typeof PROGRESS_KEYS)[number];
export type ProgressDelta = Partial<Record<ProgressKey, number>>;
export type ProgressCounts = Record<ProgressKey, number>;

/** Every counter at zero. */
export const noProgress = (): ProgressCounts => Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0])) as ProgressCounts;
