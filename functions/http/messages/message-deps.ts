import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { dynamoMessageStore } from '../../../shared/messages/message-store';
import type { MessageDeps } from '../../../shared/messages/message-use-cases';
import { dynamoRecipientSources } from '../../../shared/messages/recipients';

// Built once per container. Every message route is bound to the audit table (catalog: allow list).
const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

export const deps: MessageDeps = {
  messages: dynamoMessageStore(dynamo, env.DIRECTORY_TABLE),
  sources: dynamoRecipientSources(dynamo, env.DIRECTORY_TABLE, profile.defaultLocale),
  institutions: dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  profile,
  clock: systemClock,
};
