import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { JOB_DEFAULTS } from '../../shared/imports/import-job';
import { dynamoImportStore } from '../../shared/imports/import-store';
import { readProgress } from '../../shared/progress/progress-counters';
import { localDb } from '../helpers/local-clients';

const { runtime } = inject('stack');
const db = localDb(runtime);
const table = runtime.resources.tables.directory;

/** The same client, failing every call after the first `calls`: a consumer that dies mid-way. */
function dyingAfter(calls: number): DynamoDBDocumentClient {
  let made = 0;
  return {
    send: (command: never) => (++made > calls ? Promise.reject(new Error('consumer died')) : db.send(command)),
  } as unknown as DynamoDBDocumentClient;
}

describe('import chunk counts (DynamoDB Local)', () => {
  it('a chunk of 150 institutions that died after its first counter part is counted exactly once by the re-run, whatever order its rows finished in', async () => {
    const codes = Array.from({ length: 150 }, (_, i) => `CNTS${String(i).padStart(4, '0')}`);
    const pending = (order: string[]) => Object.fromEntries(order.map((code) => [code, (codes.indexOf(code) % 3) + 1]));
    const jobId = `count-test-${Date.now()}`;
    await dynamoImportStore(db, table).create({
      ...JOB_DEFAULTS,
      jobId,
      state: 'running',
      format: 'csv',
      institutionCode: null,
      objectKey: 'k',
      createdBy: 'test',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      counts: { rows: 0, processed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
      failure: null,
    });

    const AT = '2027-01-10T08:00:00.000Z';
    // First run: rows finished in file order; it dies after the first of two counter parts.
    await expect(dynamoImportStore(dyingAfter(1), table).countChunk(jobId, 0, { created: 300 }, AT, pending(codes))).rejects.toThrow(
      'died',
    );
    // The re-run: the same rows finished in another order.
    expect(await dynamoImportStore(db, table).countChunk(jobId, 0, { created: 300 }, AT, pending([...codes].reverse()))).toBe(true);
    expect(await dynamoImportStore(db, table).countChunk(jobId, 0, { created: 300 }, '2030-01-01T00:00:00.000Z', pending(codes))).toBe(
      false,
    );

    const counted = await Promise.all(codes.map(async (code) => (await readProgress(db, table, { institutionCode: code })).pending));
    expect(counted).toEqual(codes.map((_, i) => (i % 3) + 1));
    // The count and when the job last moved are one write: a chunk counted before moves neither.
    expect(await dynamoImportStore(db, table).get(jobId)).toMatchObject({ counts: { created: 300 }, progressedAt: AT });
  });
});
