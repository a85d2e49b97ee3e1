import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../local/emulators/dynamodb';
import type { Runtime } from '../../local/stack';
import type { Service } from '../../local/support/child-process';
import { queryAll } from '../../shared/clients/dynamo-helpers';
import { PROGRESS_KEYS } from '../../shared/progress/progress-counters';
import { apiClient, type Json } from '../helpers/api-client';
import { drained } from '../helpers/drain';
import { eventually, localDb, sesStore } from '../helpers/local-clients';
import { runJob, smsOutbox } from '../helpers/profile-stack';
import { type KillableStack, startStackProcess } from '../helpers/stack-process';
import { italianRow, type StaffRow, toCsv } from '../helpers/staff-fixtures';

/**
 * Issue #14, on loopback: DynamoDB Local killed and restarted while an import and a lot launch
 * run, the SES and SMS emulators failing for a while (their fault switch), and the whole stack
 * killed and started again. After each: every member provisioned once, one password per member,
 * one notice, counters equal to the items, dead-letter queues empty, the import and the lots
 * finished — with no manual step (only the scheduled jobs run, as their cron would). The counts
 * (and how long each phase took) are printed.
 *
 * Sized by env so CI stays in budget: POSTA_CHAOS_SCALE (1 = 10,000 rows and a 300-member launch),
 * POSTA_CHAOS_OUTAGE_SECONDS (how long DynamoDB stays down, 5), POSTA_CHAOS_SINK_FAULT_SECONDS
 * (how long SES and SNS fail, 10). The stack's outage back-off starts at 1 s instead of 30 s
 * (RETRY_BACKOFF_BASE_SECONDS), so time is compressed 30-fold: a 10-second sink fault is ten
 * first back-offs long, as the issue's "a minute" is two at 30 s — at least as hard on the
 * retries, without a minute of wall time. (The SDK's own quick retries inside one call are not
 * compressed.) POSTA_CHAOS_SINK_FAULT_SECONDS=60 runs the literal minute.
 */
const SCALE = Number(process.env.POSTA_CHAOS_SCALE ?? 1);
const IMPORT_ROWS = Math.round(10_000 * SCALE);
const LAUNCH = Math.round(300 * SCALE);
const SMALL_LOT = Math.round(50 * SCALE);
const OUTAGE_MS = Number(process.env.POSTA_CHAOS_OUTAGE_SECONDS ?? 5) * 1000;
const SINK_FAULT_SECONDS = Number(process.env.POSTA_CHAOS_SINK_FAULT_SECONDS ?? 10);
const STACK_ENV = { RETRY_BACKOFF_BASE_SECONDS: '1', POWERTOOLS_LOG_LEVEL: process.env.POSTA_CHAOS_LOG ? 'INFO' : 'ERROR' };
const INSTITUTIONS = Array.from({ length: 10 }, (_, i) => `CHAO${String(i + 1).padStart(4, '0')}`);
const rows: StaffRow[] = Array.from({ length: IMPORT_ROWS }, (_, i) => italianRow(200_000 + i, INSTITUTIONS[i % INSTITUTIONS.length]));
const none = Object.fromEntries(PROGRESS_KEYS.map((k) => [k, 0]));

/** Waiting while a fault lasts is the fault itself, not a test waiting to see that nothing happens. */
const outageLasts = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds since `start`, for the printed report (how long each phase took), never for a check. */
const since = (start: number) => `${Math.round((Date.now() - start) / 1000)} s`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Takes DynamoDB Local down at once (connections refused from that moment), with SIGTERM rather
 * than SIGKILL: DynamoDB Local does not keep every acknowledged transaction across a SIGKILL
 * (measured here: one of four acknowledged TransactWriteItems gone after a restart), which
 * DynamoDB never does — the test is about Posta, not the emulator's durability (README, gaps).
 */
async function stopDynamoDbProcess(pid: number) {
  process.kill(pid, 'SIGTERM');
  // It may be frozen with the rest of the stack (SIGSTOP): let it handle the SIGTERM.
  process.kill(pid, 'SIGCONT');
  const gone = await eventually(
    async () => !alive(pid),
    (g) => g,
    15_000,
  );
  if (!gone) process.kill(pid, 'SIGKILL');
}

describe('outages: nothing lost, nothing sent twice, healed without a person', () => {
  let stack: KillableStack;
  let runtime: Runtime;
  let stateDir = '';
  /** What the killed stack printed, kept for the log. */
  let earlierOutput = '';
  /** DynamoDB Local as restarted by this test (the stack's own one was killed). */
  let dynamo: Service | undefined;
  const report: string[] = [];

  beforeAll(async () => {
    stack = await startStackProcess('it-miur', { env: STACK_ENV, killable: true });
    runtime = stack.runtime;
    stateDir = stack.stateDir;
  }, 180_000);

  afterAll(async () => {
    console.log(`\noutage chaos (scale ${SCALE}):\n${report.map((l) => `  ${l}`).join('\n')}`);
    // What the stack said (warnings and errors), for a run that went wrong.
    if (process.env.POSTA_CHAOS_LOG) writeFileSync(process.env.POSTA_CHAOS_LOG, earlierOutput + (stack?.output() ?? ''));
    if (dynamo?.pid) process.kill(dynamo.pid, 'SIGKILL');
    await stack?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  // A failed part shows what the stack said (its errors: the stack logs at ERROR unless POSTA_CHAOS_LOG).
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') console.log(`stack output (last 6,000 characters):\n${stack.output().slice(-6_000)}`);
  });

  const api = () => apiClient(runtime, stack.demoUsers);

  async function killDynamoDb() {
    const pid = dynamo?.pid ?? runtime.pids.dynamodb;
    if (!pid) throw new Error('no DynamoDB pid');
    await stopDynamoDbProcess(pid);
    // The API notices: /health turns 503 (an event, not a timer).
    await eventually(
      () => fetch(`${runtime.urls.api}/health`).then((r) => r.status),
      (s) => s === 503,
    );
  }

  /** DynamoDB Local again on its port and data, as the cloud's DynamoDB comes back after an outage. */
  async function restartDynamoDb() {
    dynamo = await startDynamoDb({
      port: Number(new URL(runtime.urls.dynamodb).port),
      dataDir: join(stack.stateDir, 'dynamodb'),
      logFile: join(stack.stateDir, 'logs', 'dynamodb-restarted.log'),
    });
  }

  /** What the scheduler would run meanwhile: the redrive and the launcher. No resume route, no person. */
  async function scheduledJobs(at = new Date().toISOString()) {
    await Promise.all([runJob(runtime, 'redrive-dead-letters', at), runJob(runtime, 'launch-lots', at)]);
  }

  async function lotMembers(lotId: string): Promise<Json[]> {
    const db = localDb(runtime);
    try {
      return await queryAll(db, {
        TableName: runtime.resources.tables.directory,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :l',
        ExpressionAttributeValues: { ':l': `LOT#${lotId}` },
      });
    } finally {
      db.destroy();
    }
  }

  async function createLot(count: number, selection: Json = { kind: 'next-pending', count }) {
    const operator = await api().tokenOf('operator');
    const created = await api().call(operator, 'POST', '/v1/lots', {
      name: `chaos ${count}`,
      launchAt: new Date(Date.now() + 3_600_000).toISOString(),
      selection,
    });
    expect(created).toMatchObject({ status: 201, body: { memberCount: count } });
    const members = await lotMembers(created.body.lotId);
    expect(members).toHaveLength(count);
    return { lot: created.body as Json, members };
  }

  /** Launches the lot as the launcher's cron would and waits until `share` of its members have their SMS. */
  async function launchUntil(lot: Json, members: Json[], share: number) {
    const phones = new Set(members.map((m) => m.phone));
    await runJob(runtime, 'launch-lots', lot.launchAt);
    const sent = await eventually(
      async () => (await smsOutbox(runtime)).filter((s) => phones.has(s.phoneNumber)).length,
      (n) => n >= members.length * share,
      60_000,
    );
    expect(sent).toBeGreaterThanOrEqual(members.length * share);
    // Mid-launch, not after it: the fault lands while members are still being provisioned.
    expect(sent).toBeLessThan(members.length);
  }

  /** Every member of the lot reached `notified` once, with one password and one notice; counters equal the items; the lot launched. */
  async function expectLaunchedOnce(label: string, lot: Json, before: Json[], started: number) {
    const { deadLetters } = await drained(runtime, ['import', 'provision', 'email', 'deliveryEvents'], 240_000);
    await scheduledJobs(lot.launchAt);
    const operator = await api().tokenOf('operator');
    const view = (await api().call(operator, 'GET', `/v1/lots/${lot.lotId}`)).body;
    const members = await lotMembers(lot.lotId);
    const sms = await smsOutbox(runtime);
    const mails = await sesStore(runtime);
    const smsPer = before.map((m) => sms.filter((s) => s.phoneNumber === m.phone));
    const mailsPer = before.map((m) => mails.filter((e) => e.destination.to.includes(m.oldAddress as string)));
    const distinctTexts = smsPer.map((list) => new Set(list.map((s) => s.message)).size);
    const total = (lists: unknown[][]) => lists.reduce((n, l) => n + l.length, 0);
    const counts = {
      members: members.length,
      notified: members.filter((m) => m.state === 'notified').length,
      sms: total(smsPer),
      sameSmsTwice: smsPer.filter((l) => l.length > 1).length,
      notices: total(mailsPer),
      sameNoticeTwice: mailsPer.filter((l) => l.length > 1).length,
      deadLetters: Object.values(deadLetters).reduce((n, d) => n + (d ?? 0), 0),
    };
    const stuck = members.filter((m) => m.state !== 'notified').map((m) => `${m.memberId}:${m.state}`);
    report.push(
      `${label}: ${JSON.stringify({ ...counts, lot: view.state, progress: view.progress, ...(stuck.length > 0 && { stuck }), took: since(started) })}`,
    );
    expect(view).toMatchObject({ state: 'launched', progress: { ...none, notified: before.length } });
    expect(counts.notified).toBe(before.length);
    // One password per member: never a second, different one.
    expect(distinctTexts.filter((d) => d !== 1)).toEqual([]);
    // Nobody goes without a notice, and a notice sent twice is the same notice (one business key).
    expect(mailsPer.filter((l) => l.length === 0)).toEqual([]);
    expect(mailsPer.filter((l) => new Set(l.map((e) => `${e.subject}\n${e.body.text ?? e.body.html}`)).size > 1)).toEqual([]);
    return { counts, smsPer };
  }

  /**
   * Read while the rest of the stack is frozen: the members whose SMS the sink already holds but
   * whose launch step is not yet marked sent in DynamoDB — the only ones a crash at this instant
   * may text twice (SNS takes no idempotency key: whether that SMS went out cannot be known).
   */
  async function textedButUnrecorded(lotId: string, members: Json[]) {
    const texted = new Set(
      readFileSync(join(stack.stateDir, 'sms.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { phoneNumber: string }).phoneNumber),
    );
    const db = localDb(runtime);
    const open = new Set<string>();
    try {
      for (const m of members.filter((x) => texted.has(x.phone))) {
        const { Item } = await db.send(
          new GetCommand({
            TableName: runtime.resources.tables.directory,
            Key: { pk: `DELIVERY#${m.memberId}`, sk: `STEP#launch#${lotId}` },
            ConsistentRead: true,
          }),
        );
        if (Item?.state !== 'sent') open.add(m.phone);
      }
      return open;
    } finally {
      db.destroy();
    }
  }

  async function startImport(operator: string, content: string) {
    const { call, registerInstitutions } = api();
    // As an operator does before a first import: the file's institutions in the registry.
    await registerInstitutions(INSTITUTIONS);
    const created = await call(operator, 'POST', '/v1/imports', { format: 'csv' });
    const { jobId, upload } = created.body;
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: content })).status).toBe(200);
    expect((await call(operator, 'POST', `/v1/imports/${jobId}/start`)).status).toBe(202);
    return jobId as string;
  }

  /** Member items of the imported institutions, read straight from the table. */
  async function importedItems() {
    const db = localDb(runtime);
    let items = 0;
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const out = await db.send(
          new ScanCommand({
            TableName: runtime.resources.tables.directory,
            FilterExpression: 'sk = :m AND begins_with(institutionCode, :c)',
            ExpressionAttributeValues: { ':m': 'MEMBER', ':c': 'CHAO' },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        items += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return items;
    } finally {
      db.destroy();
    }
  }

  it(`DynamoDB killed while a ${IMPORT_ROWS}-row import and a ${LAUNCH}-member launch run: both finish by themselves, every row and member once`, async () => {
    const started = Date.now();
    const { call, tokenOf, runImport } = api();
    const operator = await tokenOf('operator');
    // The lot's members, imported first (their own institution); the big import runs during the launch.
    const launchRows = Array.from({ length: LAUNCH }, (_, i) => italianRow(190_000 + i, 'CHAL0001'));
    expect((await runImport(operator, toCsv(launchRows))).counts.created).toBe(LAUNCH);
    const { lot, members } = await createLot(LAUNCH, { kind: 'institutions', institutionCodes: ['CHAL0001'] });

    const jobId = await startImport(operator, toCsv(rows));
    await launchUntil(lot, members, 0.1);
    const atKill = await eventually(
      async () => (await call(operator, 'GET', `/v1/imports/${jobId}`)).body,
      (job) => job.state !== 'queued',
      60_000,
    );
    // Mid-import too: the kill lands while chunks are being written.
    expect(atKill.state).toBe('running');
    expect(atKill.counts.processed).toBeLessThan(IMPORT_ROWS);
    await killDynamoDb();
    await outageLasts(OUTAGE_MS);
    await restartDynamoDb();
    const recovered = since(started);

    await eventually(
      async () => (await call(operator, 'GET', `/v1/imports/${jobId}`)).body.state,
      (state) => state === 'completed' || state === 'failed',
      300_000,
    );
    const { counts } = await expectLaunchedOnce('dynamodb killed during a launch', lot, members, started);
    expect(counts).toMatchObject({ members: LAUNCH, sms: LAUNCH, notices: LAUNCH, deadLetters: 0 });

    const job = (await call(operator, 'GET', `/v1/imports/${jobId}`)).body;
    const items = await importedItems();
    let pending = 0;
    for (const code of INSTITUTIONS) pending += (await call(operator, 'GET', `/v1/institutions/${code}/progress`)).body.pending;
    report.push(
      `dynamodb killed during an import: ${JSON.stringify({ state: job.state, counts: job.counts, failure: job.failure, processedAtKill: atKill.counts.processed, items, pendingCounters: pending, recoveredAfter: recovered, took: since(started) })}`,
    );
    expect(job).toMatchObject({
      state: 'completed',
      failure: null,
      counts: { rows: IMPORT_ROWS, processed: IMPORT_ROWS, created: IMPORT_ROWS, rejected: 0 },
    });
    expect(items).toBe(IMPORT_ROWS);
    expect(pending).toBe(IMPORT_ROWS);
  }, 480_000);

  it(`SES and SNS failing for ${SINK_FAULT_SECONDS} s during a launch: everything arrives once when they are back`, async () => {
    const started = Date.now();
    const { lot, members } = await createLot(SMALL_LOT);
    for (const url of [runtime.urls.ses, runtime.urls.sms]) {
      const res = await fetch(`${url}/_posta/fault`, { method: 'POST', body: JSON.stringify({ seconds: SINK_FAULT_SECONDS }) });
      expect(((await res.json()) as Json).failing).toBe(true);
    }
    await runJob(runtime, 'launch-lots', lot.launchAt);
    const { counts } = await expectLaunchedOnce('ses and sms failing', lot, members, started);
    expect(counts).toMatchObject({ members: SMALL_LOT, sms: SMALL_LOT, notices: SMALL_LOT, deadLetters: 0 });
  }, 240_000);

  it('the whole stack killed during a launch and started again: the launch finishes, one password per member', async () => {
    const started = Date.now();
    const { lot, members } = await createLot(SMALL_LOT);
    await launchUntil(lot, members, 0.25);
    // Everything at one instant: the stack frozen (SIGSTOP); DynamoDB Local alone woken to read
    // what it holds at that instant, then stopped by SIGTERM (see stopDynamoDbProcess); the rest
    // killed (SIGKILL) where it stood.
    stack.signalGroup('SIGSTOP');
    const dynamoPid = dynamo?.pid ?? (runtime.pids.dynamodb as number);
    process.kill(dynamoPid, 'SIGCONT');
    const inFlight = await textedButUnrecorded(lot.lotId, members);
    await stopDynamoDbProcess(dynamoPid);
    dynamo = undefined;
    await stack.kill();
    earlierOutput = `${stack.output()}\n--- stack killed and started again ---\n`;
    stack = await startStackProcess('it-miur', { env: STACK_ENV, killable: true, stateDir: stack.stateDir });
    runtime = stack.runtime;
    const { counts, smsPer } = await expectLaunchedOnce('whole stack killed', lot, members, started);
    report.push(`whole stack killed: ${inFlight.size} members texted but not yet recorded at the kill`);
    expect(counts).toMatchObject({ members: SMALL_LOT, deadLetters: 0 });
    // A member texted twice (the same password, checked above) was one caught by the kill between
    // the SMS and its record; every other member got exactly one SMS.
    const twice = members.filter((_, i) => (smsPer[i]?.length ?? 0) > 1).map((m) => m.phone);
    expect(twice.filter((phone) => !inFlight.has(phone))).toEqual([]);
  }, 300_000);
});
