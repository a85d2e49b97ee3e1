import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SCHEDULES } from '../shared/catalog';
import { defaultStateDir, type Runtime, runtimeFile } from './stack';

/**
 * `npm run job -- <name> --at 2027-01-31 [--profile tr-meb]`: runs a scheduled job once, "as
 * of" the given instant, against the running local stack (`npm start` in another terminal).
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    at: { type: 'string' },
    profile: { type: 'string', default: process.env.POSTA_PROFILE ?? 'it-miur' },
    'state-dir': { type: 'string' },
  },
});

const name = positionals[0];
const def = SCHEDULES.find((s) => s.id === name);
if (!def) {
  console.error(`Unknown job "${name ?? ''}". Jobs: ${SCHEDULES.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const at = values.at ? new Date(values.at) : new Date();
if (Number.isNaN(at.getTime())) {
  console.error(`--at "${values.at}" is not a date (use 2027-01-31 or 2027-01-31T06:00:00Z)`);
  process.exit(2);
}
const file = runtimeFile(values['state-dir'] ?? defaultStateDir(values.profile ?? 'it-miur'));
if (!existsSync(file)) {
  console.error(`No local stack is running for profile ${values.profile}: start it with \`npm start -- --profile ${values.profile}\`.`);
  process.exit(2);
}
const runtime = JSON.parse(readFileSync(file, 'utf8')) as Runtime;
Object.assign(process.env, runtime.env);

const { runJob } = await import('./scheduler');
console.log(`running ${def.id} as of ${at.toISOString()} (profile ${runtime.profile})`);
const result = await runJob(def, at);
if (result !== undefined) console.log(JSON.stringify(result, null, 2));
console.log('done');
