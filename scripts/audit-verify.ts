import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultStateDir, type Runtime, runtimeFile } from '../local/stack';

/**
 * Checks the audit trail: every record's keyed MAC, every link, and every tail the signed digests
 * hold (a changed record, a re-linked chain, a deleted tail or partition), and the digests
 * themselves (signature, each naming the one before). Exit code 1 on any finding.
 *
 *   npm run audit:verify -- --institution DEMO001 --day 2026-11-25   one institution's day (8 shards)
 *   npm run audit:verify -- --since 2026-11-01 [--until 2026-11-30]   every partition of those days
 *
 * Against the local stack when one is running (or `--state-dir`); otherwise against AWS with
 * AUDIT_TABLE, AUDIT_CHAIN_KEY_SECRET_ARN, AUDIT_DIGEST_BUCKET, AUDIT_DIGEST_KEY_ID and
 * POSTA_PROFILE set and the usual credentials.
 */
const { values } = parseArgs({
  options: {
    institution: { type: 'string' },
    day: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    profile: { type: 'string', default: process.env.POSTA_PROFILE ?? 'it-miur' },
    'state-dir': { type: 'string' },
  },
});
const isDay = (d: string | undefined): d is string => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
const oneDay = values.institution !== undefined && isDay(values.day);
const range = values.since !== undefined && isDay(values.since) && (values.until === undefined || isDay(values.until));
if (oneDay === range) {
  console.error(
    'usage: npm run audit:verify -- --institution <code> --day <YYYY-MM-DD>\n' +
      '       npm run audit:verify -- --since <YYYY-MM-DD> [--until <YYYY-MM-DD>]   [--state-dir <dir>]',
  );
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
const { dynamoAuditPartitions } = await import('../shared/audit/audit-partitions');
const { auditChainKeyFromEnv } = await import('../shared/audit/chain-key');
const { digestStoreFromEnv, trustedDigestKeyFromEnv } = await import('../shared/audit/digest-adapters');
const { daysBetween } = await import('../shared/audit/audit-digest');
const { verifyAuditDay, verifyAuditDays } = await import('../shared/audit/verify-audit');

const deps = {
  partitions: dynamoAuditPartitions(dynamo, table),
  store: digestStoreFromEnv(),
  trustedKey: trustedDigestKeyFromEnv(),
  chainKey: auditChainKeyFromEnv(),
  profile: process.env.POSTA_PROFILE ?? values.profile ?? 'it-miur',
};
const today = new Date().toISOString().slice(0, 10);
const check = oneDay
  ? await verifyAuditDay(deps, values.institution as string, values.day as string)
  : await verifyAuditDays(deps, daysBetween(values.since as string, values.until ?? today));

let broken = false;
for (const p of check.partitions) {
  if (p.firstBreak) broken = true;
  const status = p.firstBreak ? `BROKEN at seq ${p.firstBreak.seq} (sk ${p.firstBreak.sk}): ${p.firstBreak.reason}` : 'ok';
  const unkeyed = p.unkeyed ? ` (${p.unkeyed} unkeyed, written before the keyed chain)` : '';
  const digested = p.digestedSeq === null ? 'not digested yet' : `digested to seq ${p.digestedSeq}`;
  console.log(`${p.partition}  ${p.records} records${unkeyed}  ${digested}  ${status}`);
}
for (const d of check.digests.problems) {
  broken = true;
  console.log(`DIGEST ${d.key}: ${d.problem}`);
}
console.log(`${check.digests.checked} signed digests checked; ${broken ? 'FINDINGS above' : 'everything holds'}`);
process.exit(broken ? 1 : 0);
