import { parseArgs } from 'node:util';
import { SCHEDULES } from '../shared/catalog';
import { runningStackOrExit } from './running-stack';

/**
 * `npm run job -- <name> --at 2027-01-31 [--profile tr-meb] [--state-dir <dir>]`: runs a scheduled
 * job once, "as of" the given instant, against the running local stack (`npm start` in another
 * terminal, `--ephemeral` too: it is found in its temporary folder). The messages the job sends
 * carry that instant, and the stack's queue consumers run them by it (shared/as-of-clock.ts), so
 * what the job sets off — accounts, notices, their reminders' due days — is stamped "as of" it too.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    at: { type: 'string' },
    profile: { type: 'string', default: process.env.POSTA_PROFILE },
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
const { runtime } = runningStackOrExit({ stateDir: values['state-dir'], profile: values.profile });
Object.assign(process.env, runtime.env);

const { runJob } = await import('./scheduler');
console.log(`running ${def.id} as of ${at.toISOString()} (profile ${runtime.profile}, state ${runtime.stateDir})`);
const result = await runJob(def, at);
if (result !== undefined) console.log(JSON.stringify(result, null, 2));
console.log('done');
