import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb } from '../../local/emulators/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators/local-aws';
import { createTable } from '../../local/provision';
import { freePort } from '../../local/support/ports';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { TABLES } from '../../shared/catalog';
import { systemClock } from '../../shared/clock';
import { EMPTY_COUNTS } from '../../shared/imports/import-job';
import { dynamoImportStore } from '../../shared/imports/import-store';
import { type ChunkMessage, processImportChunk } from '../../shared/imports/process-import-chunk';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { loadProfile } from '../../shared/profiles';
import { italianRow, toCsv } from '../../test/helpers/staff-fixtures';
import { atLeast, type Row } from '../report';

/**
 * Rows in the benchmark file. The issue asks for 100,000; at today's pace that alone would take
 * longer than the whole bench's 10-minute budget, so the default is smaller and the label says
 * which size was measured (`BENCH_IMPORT_ROWS=100000 npm run bench` for the full file).
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
/** Staff spread over this many schools, as a ministry-wide file is (and as the audit shards expect). */
const INSTITUTIONS = 200;
const GOAL_ROWS_PER_SECOND = 2_000;

/**
 * Figure 4a: a whole CSV import through the real import core — `processImportChunk` with the
 * DynamoDB import, member and audit stores against DynamoDB Local — chunk after chunk in this
 * process (the file comes from memory instead of S3; `enqueueChunk` runs the next chunk at once,
 * where the cloud would go through the import queue). Rows per second over the whole file.
 */
export async function importFigure(workDir: string): Promise<Row[]> {
  const dynamodb = await startDynamoDb({ port: await freePort(), dataDir: null, logFile: join(workDir, 'dynamodb-import.log') });
  try {
    const raw = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    const tables = { directory: 'bench-import-directory', audit: 'bench-import-audit' };
    await createTable(raw, tables.directory, TABLES.directory);
    await createTable(raw, tables.audit, TABLES.audit);

    const profile = loadProfile('it-miur');
    const csv = toCsv(Array.from({ length: ROWS }, (_, i) => italianRow(i, `BENCH${String(i % INSTITUTIONS).padStart(3, '0')}`)));
    const jobs = dynamoImportStore(db, tables.directory);
    const jobId = '00000000-0000-4000-8000-000000000004';
    const objectKey = `imports/${jobId}.csv`;
    await jobs.create({
      jobId,
      state: 'queued',
      format: 'csv',
      institutionCode: null,
      objectKey,
      createdBy: 'bench-operator',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      counts: EMPTY_COUNTS,
      failure: null,
    });

    let chunks = 0;
    const deps = {
      jobs,
      members: dynamoMemberStore(db, tables.directory),
      audit: dynamoAuditLog(db, tables.audit, profile.auditRetentionDays),
      readFile: async (key: string) => {
        if (key !== objectKey) throw new Error(`unexpected object ${key}`);
        return csv;
      },
      async enqueueChunk(message: ChunkMessage) {
        await runChunk(message);
      },
      hashNationalId: nationalIdHasher('bench-national-id-key-0123456789abcdef'),
      profile,
      clock: systemClock,
    };
    const runChunk = async (message: ChunkMessage) => {
      chunks++;
      await processImportChunk(message, { ...deps, requestId: `bench-chunk-${message.offset}` });
    };

    const started = performance.now();
    await runChunk({ jobId, offset: 0 });
    const seconds = (performance.now() - started) / 1000;
    const job = await jobs.get(jobId);
    const created = job?.counts.created ?? 0;
    raw.destroy();
    return [
      atLeast(
        'import',
        `${ROWS.toLocaleString('en')}-row CSV into DynamoDB Local (${chunks} chunks, ${created} created, ${job?.counts.rejected ?? '?'} rejected, ${seconds.toFixed(0)} s, state ${job?.state})`,
        Math.round(ROWS / seconds),
        'rows/s',
        GOAL_ROWS_PER_SECOND,
      ),
    ];
  } finally {
    await dynamodb.stop();
  }
}
