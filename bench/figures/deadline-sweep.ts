import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDb } from '../../local/emulators/dynamodb';
import { createTable } from '../../local/provision';
import { freePort } from '../../local/support/ports';
import { TABLES } from '../../shared/catalog';
import { untilProcessed } from '../../shared/clients/dynamo-helpers';
import { addDays, fixedClock } from '../../shared/clock';
import { dynamoDeadlineStore } from '../../shared/deadlines/deadline-store';
import { deadlineKeys } from '../../shared/deadlines/next-deadline';
import { sweepDeadlines } from '../../shared/deadlines/sweep';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { loadProfile } from '../../shared/profiles';
import { atLeast, informative, lessThanOrEqual, type Row } from '../report';

const DUE = 1_000;
const SIZES = [10_000, 100_000];
const NOW = new Date('2027-03-01T01:00:00.000Z');
const profile = loadProfile('tr-meb');

/**
 * A directory of `size` members with a chosen password (tr-meb rotates every 30 days): `DUE` of
 * them past their expiry now, the rest with expiries spread over the next 30 days — all filed in
 * the deadline index, as the writers file them.
 */
async function seed(db: DynamoDBDocumentClient, table: string, size: number) {
  const items = Array.from({ length: size }, (_, i) => {
    const memberId = `m-${String(i).padStart(24, '0')}`;
    const expiresInDays = i < DUE ? -0.5 : 1 + (i % 30);
    const changed = addDays(NOW, expiresInDays - (profile.maxPasswordAgeDays ?? 30));
    const keys = deadlineKeys(memberId, { kind: 'password-expiry', at: addDays(changed, profile.maxPasswordAgeDays ?? 30).toISOString() });
    return {
      pk: `MEMBER#${memberId}`,
      sk: 'MEMBER',
      memberId,
      state: 'activated',
      institutionCode: `INST${String(i % 500).padStart(4, '0')}`,
      address: `user${i}@meb.k12.tr`,
      phone: '+905321234567',
      locale: 'tr',
      givenName: 'Ada',
      familyName: 'Yılmaz',
      accountCreatedAt: addDays(changed, -1).toISOString(),
      passwordChangedAt: changed.toISOString(),
      passwordWarningsSent: [7, 3, 1],
      ...keys,
    };
  });
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < batches.length) {
        const batch = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
        await untilProcessed(
          batch,
          async (b) => (await db.send(new BatchWriteCommand({ RequestItems: { [table]: b } }))).UnprocessedItems?.[table] as typeof b,
        );
      }
    }),
  );
}

/** Items DynamoDB returned to the sweep, counted on the client: every Query item and every GetItem hit. */
function countReads(db: DynamoDBDocumentClient) {
  const counter = { items: 0 };
  db.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const body = (out.output ?? {}) as { Items?: unknown[]; Item?: unknown };
      counter.items += body.Items?.length ?? (body.Item ? 1 : 0);
      return out;
    },
    { step: 'initialize', name: 'benchReadCounter' },
  );
  return counter;
}

/**
 * Figure 1 (issue #5's benchmark too): the daily deadline sweep over 10,000 and 100,000 members
 * with the same 1,000 due. The sweep must read only what is due (the sparse index), so its reads
 * and its time must not grow with the directory. Side effects (Cognito, SMS, email, audit) are
 * no-ops here: the figure is about what the sweep reads.
 */
export async function deadlineSweepFigure(workDir: string): Promise<Row[]> {
  const dynamodb = await startDynamoDb({ port: await freePort(), dataDir: null, logFile: join(workDir, 'dynamodb.log') });
  try {
    const raw = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'eu-south-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const rows: Row[] = [];
    const times: number[] = [];
    for (const size of SIZES) {
      const table = `bench-directory-${size}`;
      await createTable(raw, table, TABLES.directory);
      const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
      await seed(db, table, size);

      const sweepDb = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: dynamodb.endpoint,
          region: 'eu-south-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
      const reads = countReads(sweepDb);
      const started = performance.now();
      const result = await sweepDeadlines({
        deadlines: dynamoDeadlineStore(sweepDb, table),
        members: dynamoMemberStore(sweepDb, table),
        accounts: { disableUser: async () => undefined, enableUser: async () => undefined },
        sms: { send: async () => 'bench' },
        enqueueEmail: async () => undefined,
        audit: { record: async () => undefined },
        profile,
        clock: fixedClock(NOW),
        runId: `bench-${size}`,
      });
      times.push(performance.now() - started);
      rows.push(
        lessThanOrEqual('sweep', `${size} members: index entries read / due (${result.read} / ${DUE})`, result.read / DUE, '×', 1.01),
        atLeast('sweep', `${size} members: accounts closed / due`, result.passwordExpired / DUE, '×', 1),
        informative('sweep', `${size} members: all items read (index + one consistent re-read per due member)`, reads.items, 'items'),
      );
    }
    const [small = 1, large = 1] = times;
    rows.push(lessThanOrEqual('sweep', `time 100k / 10k (${large.toFixed(0)} / ${small.toFixed(0)} ms)`, large / small, '×', 1.5));
    return rows;
  } finally {
    await dynamodb.stop();
  }
}
