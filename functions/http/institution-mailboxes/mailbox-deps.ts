import { dynamoAuditLog } from '../../../shared/audit/audit-log';
import { dynamoScopeStore } from '../../../shared/auth/scope';
import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { systemClock } from '../../../shared/clock';
import { readEnv, setting } from '../../../shared/config/env';
import { profile } from '../../../shared/config/profile';
import { dynamoDeliveryFailureStore } from '../../../shared/delivery/delivery-failure';
import type { EmailMessage } from '../../../shared/email/email-message';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoInstitutionMailboxStore } from '../../../shared/institution-mailboxes/institution-mailbox-store';
import type { MailboxDeps, MailboxReadDeps } from '../../../shared/institution-mailboxes/institution-mailbox-use-cases';
import { dynamoResponsibleChangeStore } from '../../../shared/institution-mailboxes/responsible-change-store';
import type { ResponsibleChangeDeps } from '../../../shared/institution-mailboxes/responsible-change-use-cases';
import { dynamoInstitutionStore } from '../../../shared/institutions/institution-store';
import { dynamoMemberStore } from '../../../shared/members/member-store';
import { dynamoReopenCounter } from '../../../shared/reports/password-expiry-stats';
import type { ResetDeps } from '../../../shared/resets/reset-password';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';
import type { SmsSender } from '../../../shared/sms/send-sms';

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

const noSms: SmsSender = {
  send: async () => {
    throw new Error('this route is not bound to SNS');
  },
};

const refuse = async () => {
  throw new Error('this route is not bound to the user pool or the email queue');
};

/** The reset an approval makes: the user pool, SNS and the email queue (the approval route's bindings). */
function resetDeps(): ResetDeps {
  const more = readEnv({ USER_POOL_ID: setting(), EMAIL_QUEUE_URL: setting() });
  const pool = cognitoDirectory(cognito, more.USER_POOL_ID);
  return {
    members,
    directory: pool,
    accounts: pool,
    sms: countedSmsSender(env.DIRECTORY_TABLE),
    failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, more.EMAIL_QUEUE_URL),
    audit: audit(),
    profile,
    clock: systemClock,
    countReopened: dynamoReopenCounter(dynamo, env.DIRECTORY_TABLE),
  };
}

const noReset: ResetDeps = {
  members,
  directory: { setTemporaryPassword: refuse },
  accounts: { enableUser: refuse, userStatus: refuse, signOutEverywhere: refuse },
  sms: noSms,
  failures: dynamoDeliveryFailureStore(dynamo, env.DIRECTORY_TABLE),
  enqueueEmail: refuse,
  audit: { record: refuse },
  profile,
  clock: systemClock,
};

/**
 * Changes of responsible person: the approval tells the new person by SMS and resets the
 * mailbox's password to them (`approve`); the other routes get stand-ins that fail loudly.
 */
export function changeDeps(options: { approve: boolean }): ResponsibleChangeDeps {
  return {
    changes: dynamoResponsibleChangeStore(dynamo, env.DIRECTORY_TABLE),
    mailboxes,
    members,
    sms: options.approve ? countedSmsSender(env.DIRECTORY_TABLE) : noSms,
    reset: options.approve ? resetDeps() : noReset,
    audit: audit(),
    clock: systemClock,
  };
}
