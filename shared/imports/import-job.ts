import { QUEUES } from '../catalog';
import type { HeaderReading, StaffCategory, StaffField } from '../staff';
import type { ImportEncoding } from './decode-file';

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

/**
 * An export's own words, given with the import: which header is which field (null: ignore the
 * column) and which labels are which category id or language tag. Applied once per file.
 */
export interface ImportMapping {
  columns?: Record<string, StaffField | null>;
  values?: { category?: Record<string, StaffCategory>; locale?: Record<string, string> };
}

/**
 * What the server made of a file's own words, for the person who maps an export (the console's
 * mapping step after a dry run): every header and the field it was read as, and the category and
 * language labels nothing read. Labels are known only once the columns are (a file missing a
 * required column is refused before its rows are read).
 */
export interface FileReading {
  columns: HeaderReading[];
  unknownLabels: { category: string[]; locale: string[] };
}

/** Distinct unknown labels kept per field: a file with more has a wrong column, not a vocabulary to map. */
export const MAX_UNKNOWN_LABELS = 50;

export interface ImportJob {
  jobId: string;
  state: ImportState;
  format: ImportFormat;
  /** What the file is in (`auto`: detected, see `decodeImportFile`); `decodedAs` says what it was read as. */
  encoding: ImportEncoding;
  decodedAs: string | null;
  mapping: ImportMapping | null;
  /** Check every row and report every problem, write no member. */
  validateOnly: boolean;
  /**
   * Whether a row may move an existing member to another institution: operators' imports only
   * (issue #12); a school admin's row naming someone of another institution is rejected.
   */
  movesMembers: boolean;
  /** Set when the import is limited to one institution (always, for a school admin). */
  institutionCode: string | null;
  objectKey: string;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  /**
   * When the job last moved: set when it is started, when its first chunk begins, each time a
   * chunk's counts are written (in the same write) and when an operator resumes it (a chunk is on
   * its way again). Jobs stored before it existed read as null (see `isStalled`).
   */
  progressedAt?: string | null;
  finishedAt: string | null;
  counts: ImportCounts;
  /** Why the whole file was refused (missing columns, too large …). */
  failure: { code: string; message: string } | null;
  /** Set once the file is read (or refused after its header was read). */
  reading: FileReading | null;
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

/** What a job stored before these fields existed reads as (fail closed: no member moves). */
export const JOB_DEFAULTS: Pick<ImportJob, 'encoding' | 'decodedAs' | 'mapping' | 'validateOnly' | 'movesMembers' | 'reading'> = {
  reading: null,
  encoding: 'auto',
  decodedAs: null,
  mapping: null,
  validateOnly: false,
  movesMembers: false,
};

/**
 * How long a queued or running import may go without moving before it counts as stopped (the
 * console then offers operators `resumeImport`). From the import queue in the catalog: a chunk whose
 * consumer crashed is delivered again once its visibility timeout has passed, and that delivery has
 * the consumer's timeout to count its rows; longer than both together, no delivery of the chunk is
 * on its way (a lost message, a chunk failing on every receive until it is dead-lettered). A false
 * "stopped" costs little: resuming is safe to repeat (chunks are idempotent).
 */
export const STALLED_AFTER_MS = (QUEUES.import.visibilityTimeoutSeconds + QUEUES.import.timeoutSeconds) * 1000;

/**
 * Whether the import stopped moving at `now`: queued or running, and no progress for longer than
 * `STALLED_AFTER_MS`. Jobs without `progressedAt` (stored before it existed) count from `startedAt`,
 * then `createdAt`.
 */
export function isStalled(job: Pick<ImportJob, 'state' | 'progressedAt' | 'startedAt' | 'createdAt'>, now: Date): boolean {
  if (job.state !== 'queued' && job.state !== 'running') return false;
  const since = job.progressedAt ?? job.startedAt ?? job.createdAt;
  return now.getTime() - Date.parse(since) > STALLED_AFTER_MS;
}
