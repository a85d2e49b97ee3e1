import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoInstitutionMailboxStore } from '../../../shared/institution-mailboxes/institution-mailbox-store';
import type { MailboxDeps, MailboxReadDeps } from '../../../shared/institution-mailboxes/institution-mailbox-use-cases';
import { dynamoResponsibleChangeStore } from '../../../shared/institution-mailboxes/responsible-change-store';
import type { ResponsibleChangeDeps } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import type { ResetDeps } from '../../../shared/resets/reset-password';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';
import { refusedCredentials, resetCredentials } from '../resets/reset-credentials';

// Built once per container; each route reads only the settings its catalog bindings give it.
const env = readEnv({ DIRECTORY_TABLE: setting() });
export const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
const mailboxes = dynamoInstitutionMailboxStore(dynamo, env.DIRECTORY_TABLE);
const audit = () => dynamoAuditLog(dynamo, readEnv({ AUDIT_TABLE: setting() }).AUDIT_TABLE, profile.auditRetentionDays);

/** The reads: no audit, no Cognito, no SMS. */
export const readDeps = (): MailboxReadDeps => ({ mailboxes, members, profile });

/** Registration: the user pool (account, temporary password) and SNS besides. */
export function registerDeps(): MailboxDeps {
  const pool = cognitoDirectory(cognito, readEnv({ USER_POOL_ID: setting() }).USER_POOL_ID);
  return {
    ...readDeps(),
    members,
    directory: pool,
    registry: dynamoInstitutionStore(dynamo, env.DIRECTORY_TABLE),
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: audit(),
    clock: systemClock,
  };
}

/**
 * The reset an approval makes, with the user pool, SNS and the email queue (the approval route's
 * bindings); the other routes get stand-ins that fail loudly.
 */
function resetDeps(approve: boolean): ResetDeps {
  return {
    members,
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    audit: audit(),
    profile,
    clock: systemClock,
    ...(approve ? resetCredentials(env.DIRECTORY_TABLE) : refusedCredentials),
  };
}

/**
 * Changes of responsible person: the approval tells the new person by SMS and resets the
 * mailbox's password to them (`approve`); the other routes get stand-ins that fail loudly.
 */
export function changeDeps(options: { approve: boolean }): ResponsibleChangeDeps {
  return {
    changes: dynamoResponsibleChangeStore(dynamo, env.DIRECTORY_TABLE),
    mailboxes,
    members,
    sms: options.approve ? countedSmsSender(env.DIRECTORY_TABLE) : refusedCredentials.sms,
    reset: resetDeps(options.approve),
    audit: audit(),
    clock: systemClock,
  };
}
