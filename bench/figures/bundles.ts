import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE } from '../../infra/bundle-options';
import { fromRoot, ROOT } from '../../infra/paths';
import { BUCKETS, deadLetterQueueEnv, QUEUES, ROUTES, SCHEDULES, SECRETS, TABLES, TRIGGERS } from '../../shared/catalog';
import { informative, lessThanOrEqual, type Row } from '../report';

const BUNDLE_LIMIT_KB = 250;
const COLD_START_RATIO = 1.6;
/** Fresh processes per bundle; the median is kept, so one slow spawn does not decide. */
const RUNS = 5;

/**
 * The least any Posta function that touches the directory loads at init: the SDK's DynamoDB
 * document client, constructed. Shown beside hello world, so the table tells how much of each
 * function's size and time is the SDK's own.
 */
const SDK_FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => ({ statusCode: 200, body: typeof dynamo.send });
`;

/** Every deployed entry point, named as in the catalog. */
function entries(): Array<{ id: string; entry: string }> {
  return [
    ...ROUTES.map((r) => ({ id: r.id, entry: r.handler })),
    ...Object.values(QUEUES).map((q) => ({ id: `${q.id}-consumer`, entry: q.consumer })),
    ...SCHEDULES.map((s) => ({ id: s.id, entry: s.handler })),
    ...TRIGGERS.map((t) => ({ id: t.id, entry: t.handler })),
  ];
}

/** Settings the handlers read at init; values are placeholders, since init makes no calls. */
export function initEnv(): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'eu-south-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POSTA_PROFILE: 'it-miur',
    POWERTOOLS_SERVICE_NAME: 'posta',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    USER_POOL_ID: 'eu-south-1_bench',
    USER_POOL_CLIENT_ID: 'bench',
    EMAIL_FROM: 'noreply@example.org',
    EMAIL_TEMPLATE_PREFIX: 'bench',
  };
  for (const t of Object.values(TABLES)) env[t.env] = `bench-${t.id}`;
  for (const q of Object.values(QUEUES)) env[q.env] = `https://sqs.eu-south-1.amazonaws.com/000000000000/bench-${q.id}`;
  for (const q of Object.values(QUEUES))
    env[deadLetterQueueEnv(q.id)] = `https://sqs.eu-south-1.amazonaws.com/000000000000/bench-${q.id}-dlq`;
  for (const b of Object.values(BUCKETS)) env[b.env] = `bench-${b.id}`;
  for (const s of Object.values(SECRETS)) env[s.valueEnv] = 'b'.repeat(64);
  return env;
}

async function bundle(entry: string, outfile: string) {
  const { banner, alias, ...options } = BUNDLE;
  // CDK runs esbuild in the project root; here the aliases are made absolute instead.
  const rooted = Object.fromEntries(Object.entries(alias).map(([name, path]) => [name, resolve(ROOT, path)]));
  await build({
    ...options,
    alias: rooted,
    banner: { js: banner },
    entryPoints: [entry],
    outfile,
    bundle: true,
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

/**
 * Packages marked external in BUNDLE (none today; the AWS SDK if it ever is) must resolve when a
 * bundle is loaded, so the work folder sees the project's node_modules and their load is counted.
 */
function linkNodeModules(workDir: string) {
  const link = join(workDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(fromRoot('node_modules'), link, 'dir');
}

/**
 * Milliseconds from spawning a fresh Node process to its exit after importing the bundle (module
 * load + the handler's init code): what a Lambda cold start adds to the runtime's own boot.
 */
function loadTime(file: string, env: Record<string, string>): number {
  const script = `await import(${JSON.stringify(pathToFileURL(file).href)});`;
  const times = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: 'pipe' });
    return performance.now() - t;
  });
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? Number.NaN;
}

/**
 * Figure 3: each function's bundle size (as deployed: the same esbuild options as CDK), and the
 * wall time of a fresh Node process that loads it and runs its init, as a ratio to a hello-world
 * bundle loaded the same way — a ratio, so a slow or busy machine does not mislead.
 */
export async function bundleFigure(workDir: string): Promise<Row[]> {
  mkdirSync(workDir, { recursive: true });
  linkNodeModules(workDir);
  const env = initEnv();
  const helloSource = join(workDir, 'hello.ts');
  writeFileSync(helloSource, 'export const handler = async () => ({ statusCode: 200, body: "hello" });\n');
  await bundle(helloSource, join(workDir, 'hello.mjs'));
  const hello = loadTime(join(workDir, 'hello.mjs'), env);

  const floorSource = join(workDir, 'sdk-floor.ts');
  writeFileSync(floorSource, SDK_FLOOR_SOURCE);
  const floorBytes = await bundle(floorSource, join(workDir, 'sdk-floor.mjs'));
  const floor = loadTime(join(workDir, 'sdk-floor.mjs'), env);
  const rows: Row[] = [
    informative('bundle', 'SDK floor (hello + DynamoDB document client) size', Math.round(floorBytes / 1024), 'KB'),
    informative('cold start', `SDK floor load+init vs hello (${floor.toFixed(0)} / ${hello.toFixed(0)} ms)`, floor / hello, '×'),
  ];
  const sizes: number[] = [];
  const overFloor: number[] = [];
  for (const { id, entry } of entries()) {
    const out = join(workDir, `${id}.mjs`);
    const bytes = await bundle(entry, out);
    sizes.push(bytes / 1024);
    rows.push(lessThanOrEqual('bundle', `${id} size`, Math.round(bytes / 1024), 'KB', BUNDLE_LIMIT_KB));
    let ms: number;
    try {
      ms = loadTime(out, env);
    } catch (error) {
      rows.push({ figure: 'cold start', label: `${id} init failed`, value: 0, unit: '', goal: 'loads', ratio: null, ok: false });
      console.error(`${id}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    rows.push(
      lessThanOrEqual(
        'cold start',
        `${id} load+init vs hello (${ms.toFixed(0)} / ${hello.toFixed(0)} ms; ${(ms / floor).toFixed(2)} × the SDK floor)`,
        ms / hello,
        '×',
        COLD_START_RATIO,
      ),
    );
    overFloor.push(ms / floor);
  }
  // Summaries, since the table has a row per function: how many fit, and what Posta's own code
  // adds on top of the SDK every function needs.
  overFloor.sort((a, b) => a - b);
  rows.push(
    informative(
      'bundle',
      `functions within ${BUNDLE_LIMIT_KB} KB (largest ${Math.round(Math.max(...sizes))} KB)`,
      sizes.filter((kb) => kb <= BUNDLE_LIMIT_KB).length,
      `of ${sizes.length}`,
    ),
    informative('cold start', 'median function load+init / SDK floor', overFloor[Math.floor(overFloor.length / 2)] ?? Number.NaN, '×'),
  );
  return rows;
}
