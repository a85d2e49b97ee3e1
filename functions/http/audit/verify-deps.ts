import { dynamoAuditPartitions } from '../../../shared/audit/audit-partitions';
import { auditChainKeyFromEnv } from '../../../shared/audit/chain-key';
import { digestStoreFromEnv, trustedDigestKeyFromEnv } from '../../../shared/audit/digest-adapters';
import { verifyAuditDay } from '../../../shared/audit/verify-audit';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { audit } from './audit-deps';

// The verify route alone is bound to the digests (read) and the digest key's public half.
const env = readEnv({ AUDIT_TABLE: setting() });
const checks = {
  partitions: dynamoAuditPartitions(dynamo, env.AUDIT_TABLE),
  store: digestStoreFromEnv(),
  trustedKey: trustedDigestKeyFromEnv(),
  chainKey: auditChainKeyFromEnv(),
  profile: profile.id,
};

export const verifyDeps = {
  verifyDay: (institution: string, day: string) => verifyAuditDay(checks, institution, day),
  audit,
  clock: systemClock,
};
