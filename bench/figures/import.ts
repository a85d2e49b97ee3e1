import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb } from '../../local/emulators/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators/local-aws';
import { createTable } from '../../local/provision';
import { freePort } from '../../local/support/ports';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { fixedChainKey } from '../../shared/audit/chain-key';
import { TABLES } from '../../shared/catalog';
import { systemClock } from '../../shared/clock';
import { EMPTY_COUNTS, JOB_DEFAULTS } from '../../shared/imports/import-job';
import { dynamoImportStore } from '../../shared/imports/import-store';
import { lastPreparedFile } from '../../shared/imports/prepare-import';
import { type ChunkMessage, processImportChunk } from '../../shared/imports/process-import-chunk';
import { inPool } from '../../shared/in-pool';
import { dynamoInstitutionStore } from '../../shared/institutions/institution-store';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { nationalIdHasher } from '../../shared/members/national-id-hash';
import { loadProfile } from '../../shared/profiles';
import { italianRow, toCsv } from '../../test/helpers/staff-fixtures';
import { atLeast, informative, type Row } from '../report';

/** Rows in the benchmark file, as the issue asks (`BENCH_IMPORT_ROWS` for a quicker look). */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** Staff spread over this many schools, as a ministry-wide file is (and as the audit shards expect). */
const INSTITUTIONS = 200;
const GOAL_ROWS_PER_SECOND = 2_000;

/**
 * What DynamoDB Local sustains here for the import's kind of write — conditional puts in
 * transactions of 100, eight at once — measured in the same run, so the import's rate can be
 * read against the store it runs on rather than against a machine-independent number.
 */
async function transactionCeiling(db: DynamoDBDocumentClient, table: string): Promise<number> {
  const batches = Array.from({ length: 60 }, (_, b) =>
    Array.from({ length: 100 }, (_, i) => ({
      Put: {
        TableName: table,
        Item: { pk: `CEILING#${b}#${i}`, sk: 'CEILING', padding: 'x'.repeat(300) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
  );
  const started = performance.now();
  await inPool(batches, 8, async (TransactItems) => void (await db.send(new TransactWriteCommand({ TransactItems }))));
  return (batches.length * 100) / ((performance.now() - started) / 1000);
}

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
    const code = (i: number) => `BENCH${String(i % INSTITUTIONS).padStart(3, '0')}`;
    const csv = Buffer.from(toCsv(Array.from({ length: ROWS }, (_, i) => italianRow(i, code(i)))));
    // The schools are registered first, as an operator does before the first import.
    const institutions = dynamoInstitutionStore(db, tables.directory);
    const at = new Date().toISOString();
    await institutions.saveMany(
      Array.from({ length: INSTITUTIONS }, (_, i) => ({
        code: code(i),
        name: code(i),
        city: null,
        region: null,
        registeredAt: at,
        updatedAt: at,
      })),
    );
    const jobs = dynamoImportStore(db, tables.directory);
    const jobId = '00000000-0000-4000-8000-000000000004';
    const objectKey = `imports/${jobId}.csv`;
    await jobs.create({
      ...JOB_DEFAULTS,
      movesMembers: true,
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
      institutions,
      audit: dynamoAuditLog(db, tables.audit, profile.auditRetentionDays, fixedChainKey('bench-audit-chain-key-0123456789abcdef')),
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
      // One consumer instance, as chunks that follow one another mostly land on one.
      prepared: lastPreparedFile(),
      // A first import changes nobody's phone.
      announceChannelChange: async () => undefined,
    };
    const runChunk = async (message: ChunkMessage) => {
      chunks++;
      await processImportChunk(message, { ...deps, requestId: `bench-chunk-${message.offset}` });
    };

    const ceiling = await transactionCeiling(db, tables.directory);
    const started = performance.now();
    await runChunk({ jobId, offset: 0 });
    const seconds = (performance.now() - started) / 1000;
    const job = await jobs.get(jobId);
    const created = job?.counts.created ?? 0;
    raw.destroy();
    // Per new member: its address claim, its item and its audit record, all conditional.
    const itemsPerSecond = (created * 3) / seconds;
    return [
      atLeast(
        'import',
        `${ROWS.toLocaleString('en')}-row CSV into DynamoDB Local (${chunks} chunks, ${created} created, ${job?.counts.rejected ?? '?'} rejected, ${seconds.toFixed(0)} s, state ${job?.state})`,
        Math.round(ROWS / seconds),
        'rows/s',
        GOAL_ROWS_PER_SECOND,
      ),
      informative(
        'import',
        'DynamoDB Local on this machine: conditional items written per second in transactions of 100',
        Math.round(ceiling),
        'items/s',
      ),
      informative(
        'import',
        `…the import's conditional writes (3 per new member, ${Math.round(itemsPerSecond)}/s) as a share of that`,
        Number((itemsPerSecond / ceiling).toFixed(2)),
        '×',
      ),
    ];
  } finally {
    await dynamodb.stop();
  }
}
