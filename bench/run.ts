import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accountPacingFigure } from './figures/account-pacing';
import { bundleFigure } from './figures/bundles';
import { consoleFigure } from './figures/console';
import { deadlineSweepFigure } from './figures/deadline-sweep';
import { importFigure } from './figures/import';
import { notificationPipelineFigure } from './figures/notification-pipeline';
import { smsTextFigure } from './figures/sms-texts';
import { type Row, table } from './report';

/**
 * `npm run bench`: measures what Posta exists for and prints each figure with its goal and the
 * ratio, in one run; writes the same as JSON to bench/results.json. Not a test: nothing here
 * fails the build — a MISSED row is a finding to act on.
 */
const started = Date.now();
const work = join(tmpdir(), `posta-bench-${process.pid}`);
mkdirSync(work, { recursive: true });

/** Seconds each figure took, so the 10-minute budget can be watched figure by figure. */
const seconds: Record<string, number> = {};
async function timed(name: string, figure: () => Row[] | Promise<Row[]>): Promise<Row[]> {
  const t = Date.now();
  console.error(`bench: ${name} …`);
  let out: Row[];
  try {
    out = await figure();
  } catch (error) {
    // One broken figure must not hide the others: it becomes a MISSED row saying why.
    console.error(`bench: ${name} failed`, error);
    out = [{ figure: name, label: `did not run: ${(error as Error).message}`, value: 0, unit: '', goal: 'runs', ratio: null, ok: false }];
  }
  seconds[name] = Math.round((Date.now() - t) / 1000);
  console.error(`bench: ${name} done in ${seconds[name]} s`);
  return out;
}

/**
 * `npm run bench -- --only bundles[,import]` runs the named figures only (sweep, email, bundles,
 * import, pacing, sms, console): e.g. the bundles and cold starts alone after a runtime change. The
 * results file then holds only those rows.
 */
const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const FIGURES = ['sweep', 'bundles', 'import', 'pacing', 'sms', 'console', 'email'] as const;
const only = new Set(args.only ? args.only.split(',') : FIGURES);
const unknown = [...only].filter((f) => !(FIGURES as readonly string[]).includes(f));
if (unknown.length > 0) {
  console.error(`Unknown figure(s) ${unknown.join(', ')}. Figures: ${FIGURES.join(', ')}`);
  process.exit(2);
}
const skipped = async () => [] as Row[];
const pick = (id: (typeof FIGURES)[number], name: string, figure: () => Row[] | Promise<Row[]>) =>
  only.has(id) ? timed(name, figure) : skipped();

// Run order ≠ print order: the notification pipeline goes last because it points this process's
// AWS environment at its own emulators (the handler reads it at import).
const byFigure = {
  sweep: await pick('sweep', '1 deadline sweep', () => deadlineSweepFigure(work)),
  bundles: await pick('bundles', '3 bundles', () => bundleFigure(join(work, 'bundles'))),
  import: await pick('import', '4 import', () => importFigure(work)),
  pacing: await pick('pacing', '4 account pacing', accountPacingFigure),
  sms: await pick('sms', '5 sms texts', smsTextFigure),
  console: await pick('console', '6 console', () => consoleFigure(join(work, 'console'))),
  email: await pick('email', '2 notification pipeline', () => notificationPipelineFigure(work)),
};
const rows: Row[] = [
  ...byFigure.sweep,
  ...byFigure.email,
  ...byFigure.bundles,
  ...byFigure.import,
  ...byFigure.pacing,
  ...byFigure.sms,
  ...byFigure.console,
];

console.log(table(rows));
const missed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length} measures, ${missed} missed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, cpus: cpus().length, seconds, rows }, null, 2)}\n`,
);
