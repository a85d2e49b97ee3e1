import type { ScheduledEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { cognito } from '../../shared/clients/cognito';
import { dynamo } from '../../shared/clients/dynamodb';
import { fixedClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { dynamoRecoveryPhoneStore, syncRecoveryPhones } from '../../shared/credentials/recovery-phone';
import { cognitoDirectory } from '../../shared/identity/cognito-directory';
import { logger } from '../../shared/logger';
import { dynamoMemberStore } from '../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting(), USER_POOL_ID: setting() });
const deps = {
  entries: dynamoRecoveryPhoneStore(dynamo, env.DIRECTORY_TABLE),
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  directory: cognitoDirectory(cognito, env.USER_POOL_ID),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  profile,
};

/** "Now" is the event's `time` (the scheduled instant, or `npm run job -- sync-recovery-phones --at …`). */
export const handler = async (event: Pick<ScheduledEvent, 'time' | 'id'>) => {
  const summary = await syncRecoveryPhones({ ...deps, clock: fixedClock(event.time) }, event.id ?? `sync-recovery-phones#${event.time}`);
  if (Object.values(summary).some((n) => n > 0)) logger.info('recovery phones', summary);
  return summary;
};
