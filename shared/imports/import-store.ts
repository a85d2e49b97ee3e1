import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryPrefixPage, untilProcessed, updateIfState, writeTogether } from '../clients/dynamo-helpers';
import { progressUpdates } from '../progress/progress-counters';
import type { RowProblem } from '../staff';
import { EMPTY_COUNTS, type ImportCounts, type ImportJob, type ImportState, JOB_DEFAULTS } from './import-job';

const jobKey = (jobId: string) => ({ pk: `IMPORT#${jobId}`, sk: 'JOB' });
const problemSk = (p: RowProblem, i: number) => `PROBLEM#${String(p.row).padStart(7, '0')}#${String(i).padStart(2, '0')}`;

export interface ImportStore {
  create(job: ImportJob): Promise<void>;
  get(jobId: string): Promise<ImportJob | null>;
  /** Moves the job from one state to another; false when it was not in `from`. */
  transition(jobId: string, from: ImportState[], to: ImportState, set?: Partial<ImportJob>): Promise<boolean>;
  saveProblems(jobId: string, problems: RowProblem[]): Promise<void>;
  listProblems(jobId: string, limit: number, cursor?: string): Promise<{ items: RowProblem[]; nextCursor: string | null }>;
  /**
   * Adds a chunk's counts to the job, and the members it created to their institutions' pending
   * counters, exactly once however often the chunk is processed; the same write sets the job's
   * `progressedAt` to `at`.
   */
  countChunk(
    jobId: string,
    offset: number,
    counts: Partial<ImportCounts>,
    at: string,
    pendingByInstitution?: Record<string, number>,
  ): Promise<boolean>;
}

export function dynamoImportStore(db: DynamoDBDocumentClient, table: string): ImportStore {
  return {
    async create(job) {
      await db.send(
        new PutCommand({ TableName: table, Item: { ...jobKey(job.jobId), ...job }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    },
    async get(jobId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: jobKey(jobId), ConsistentRead: true }));
      if (!Item) return null;
      const { pk: _pk, sk: _sk, ...job } = Item;
      return { ...JOB_DEFAULTS, ...job, counts: { ...EMPTY_COUNTS, ...job.counts } } as ImportJob;
    },
    transition: (jobId, from, to, set = {}) => updateIfState(db, table, jobKey(jobId), from, { ...set, state: to }),
    async saveProblems(jobId, problems) {
      // Keys are deterministic, so a re-processed chunk overwrites instead of duplicating.
      const perRow = new Map<number, number>();
      const items = problems.map((p) => {
        const i = perRow.get(p.row) ?? 0;
        perRow.set(p.row, i + 1);
        return {
          PutRequest: {
            Item: { pk: `IMPORT#${jobId}`, sk: problemSk(p, i), row: p.row, field: p.field, code: p.code, message: p.message },
          },
        };
      });
      for (let i = 0; i < items.length; i += 25) {
        await untilProcessed(items.slice(i, i + 25), async (batch) => {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
          return out.UnprocessedItems?.[table] as typeof items | undefined;
        });
      }
    },
    async listProblems(jobId, limit, cursor) {
      // A cursor is a key of this job's problems: one forged for another partition is refused (400).
      const page = await queryPrefixPage(db, table, `IMPORT#${jobId}`, 'PROBLEM#', limit, cursor);
      const items = page.items.map((i) => ({ row: i.row, field: i.field, code: i.code, message: i.message }) as RowProblem);
      return { items, nextCursor: page.nextCursor };
    },
    async countChunk(jobId, offset, counts, at, pendingByInstitution = {}) {
      const marker = (part: string) => ({
        Put: {
          TableName: table,
          Item: { pk: `IMPORT#${jobId}`, sk: `CHUNK#${String(offset).padStart(7, '0')}${part}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      // A transaction holds 100 items: the institutions' counters go in parts of 99, each with a
      // marker of its own, before the chunk's own marker; a re-run skips the parts already done.
      // Sorted: rows finish in any order, and a re-run must put each institution in the same part.
      const counters = Object.entries(pendingByInstitution)
        .filter(([, n]) => n !== 0)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .flatMap(([institutionCode, pending]) => progressUpdates(table, { institutionCode }, { pending }));
      for (let i = 0; i < counters.length; i += 99) {
        await writeTogether(db, marker(`#P${i / 99}`), counters.slice(i, i + 99));
      }
      const names = Object.keys(counts) as (keyof ImportCounts)[];
      // Returns false, writing nothing, when the chunk was counted before.
      return writeTogether(db, marker(''), [
        {
          Update: {
            TableName: table,
            Key: jobKey(jobId),
            UpdateExpression: `SET ${[...names.map((_, i) => `counts.#c${i} = counts.#c${i} + :c${i}`), 'progressedAt = :at'].join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
            ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:c${i}`, counts[n] ?? 0])), ':at': at },
          },
        },
      ]);
    },
  };
}
