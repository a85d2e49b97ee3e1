import { SECRETS } from '../catalog';
import { ConfigError } from '../config/env';
import { readSecret } from '../config/secrets';

/** The audit chain's HMAC key, read when the first record is chained (then kept for the container). */
export type ChainKey = () => Promise<Buffer>;

/**
 * The key every audit writer chains with: a secret of its own (`auditChainKey`), bound to every
 * function that appends to the audit table and to nothing else. Its presence is checked when the
 * log is built (cold start); the value is fetched once, on first use, so a function that never
 * audits in an invocation never calls Secrets Manager.
 */
export function auditChainKeyFromEnv(env: NodeJS.ProcessEnv = process.env): ChainKey {
  const def = SECRETS.auditChainKey;
  if (!env[def.arnEnv] && !env[def.valueEnv]) {
    throw new ConfigError(`Missing configuration: ${def.arnEnv} (or ${def.valueEnv} locally): the audit chain's key`);
  }
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= readSecret('auditChainKey', env).then((value) => {
      if (value.length < 32) throw new ConfigError(`${def.arnEnv}: the audit chain key must be at least 32 characters`);
      return Buffer.from(value, 'utf8');
    });
    // A failed read (Secrets Manager unreachable) is tried again on the next record.
    key.catch(() => {
      key = undefined;
    });
    return key;
  };
}

/** A key given directly (tests, tools that already hold it). */
export const fixedChainKey =
  (value: string): ChainKey =>
  async () =>
    Buffer.from(value, 'utf8');
