import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultStateDir, type Runtime, runtimeFile } from '../local/stack';

/**
 * `npm run audit:verify -- --institution DEMO001 --day 2026-11-25`: checks the hash chains of one
 * institution's audit day and names the first broken record. Against the local stack when one is
 * running (or `--state-dir`); otherwise against AWS with `AUDIT_TABLE` and the usual credentials.
 * Exit code 1 when a chain is broken.
 */
const { values } = parseArgs({
  options: {
    institution: { type: 'string' },
    day: { type: 'string' },
    profile: { type: 'string', default: process.env.POSTA_PROFILE ?? 'it-miur' },
    'state-dir': { type: 'string' },
  },
});
if (!values.institution || !values.day || !/^\d{4}-\d{2}-\d{2}$/.test(values.day)) {
  console.error('usage: npm run audit:verify -- --institution <code> --day <YYYY-MM-DD> [--state-dir <dir>]');
  process.exit(2);
}
const file = runtimeFile(values['state-dir'] ?? defaultStateDir(values.profile ?? 'it-miur'));
if (existsSync(file)) Object.assign(process.env, (JSON.parse(readFileSync(file, 'utf8')) as Runtime).env);
const table = process.env.AUDIT_TABLE;
if (!table) {
  console.error('AUDIT_TABLE is not set and no local stack is running.');
  process.exit(2);
}

const { dynamo } = await import('../shared/clients/dynamodb');
const { verifyAuditDay } = await import('../shared/audit/verify-audit');
const reports = await verifyAuditDay(dynamo, table, values.institution, values.day);
let broken = false;
for (const r of reports) {
  if (r.firstBreak) broken = true;
  const status = r.firstBreak ? `BROKEN at seq ${r.firstBreak.seq} (sk ${r.firstBreak.sk}): ${r.firstBreak.reason}` : 'ok';
  console.log(`${r.partition}  ${r.records} records  ${status}`);
}
process.exit(broken ? 1 : 0);
