import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import type { InstitutionDeps } from '../../../shared/institutions/institution-use-cases';

// Built once per container.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);
export const institutions = dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE);

/** Registry writes: the audit trail besides the directory table. */
export function writeDeps(): InstitutionDeps {
  const { AUDIT_TABLE } = readEnv({ AUDIT_TABLE: setting() });
  return { institutions, audit: dynamoAuditLog(dynamo, AUDIT_TABLE, profile.auditRetentionDays), profile, clock: systemClock };
}
