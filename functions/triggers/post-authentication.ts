import type { Context, PostAuthenticationTriggerEvent } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/audit-log';
import { dynamo } from '../../shared/clients/dynamodb';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { logger } from '../../shared/logger';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { type RecordSignInDeps, recordSignIn } from '../../shared/sign-in/record-sign-in';

const env = readEnv({ DIRECTORY_TABLE: setting(), AUDIT_TABLE: setting() });
const deps: RecordSignInDeps = {
  members: dynamoMemberStore(dynamo, env.DIRECTORY_TABLE),
  audit: dynamoAuditLog(dynamo, env.AUDIT_TABLE, profile.auditRetentionDays),
  clock: systemClock,
  profile,
};

/**
 * Cognito's PostAuthentication trigger. It never throws: the user is already authenticated, and a
 * throw would turn a bookkeeping failure into a refused sign-in. A failure is logged; the next
 * sign-in finds the same work still to do and does it (every step is conditional, so idempotent).
 */
export const handler = async (event: PostAuthenticationTriggerEvent, context: Context) => {
  try {
    const outcome = await recordSignIn(
      {
        login: event.userName,
        sub: event.request.userAttributes.sub,
        userStatus: event.request.userAttributes['cognito:user_status'],
        requestId: context.awsRequestId,
      },
      deps,
    );
    logger.info('sign-in recorded', outcome);
  } catch (error) {
    logger.error('sign-in not recorded; the next sign-in retries', { error });
  }
  return event;
};
