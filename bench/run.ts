import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFigure } from './figures/bundles';
import { deadlineSweepFigure } from './figures/deadline-sweep';
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

const rows: Row[] = [...(await deadlineSweepFigure(work)), ...smsTextFigure(), ...(await bundleFigure(join(work, 'bundles')))];

console.log(table(rows));
const missed = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length} measures, ${missed} missed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, cpus: cpus().length, rows }, null, 2)}\n`,
);
