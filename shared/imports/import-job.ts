/** An import's life: upload → queued → running (chunk by chunk) → completed, or failed. */
export type ImportState = 'awaiting-upload' | 'queued' | 'running' | 'completed' | 'failed';
export type ImportFormat = 'csv' | 'json';

export interface ImportCounts {
  rows: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportJob {
  jobId: string;
  state: ImportState;
  format: ImportFormat;
  /** Set when the import is limited to one institution (always, for a school admin). */
  institutionCode: string | null;
  objectKey: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  counts: ImportCounts;
  /** Why the whole file was refused (missing columns, too large …). */
  failure: { code: string; message: string } | null;
}

/** Limits of one import; above them the file is refused whole (413 at start). */
export const IMPORT_LIMITS = {
  maxBytes: 25 * 1024 * 1024,
  maxRows: 200_000,
  /** Rows written per queue message: small enough to finish well within the consumer timeout. */
  chunkRows: 5_000,
  uploadUrlSeconds: 900,
} as const;

export const EMPTY_COUNTS: ImportCounts = { rows: 0, processed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
