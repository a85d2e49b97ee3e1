import { cognito } from '../../../shared/clients/cognito';
import { dynamo } from '../../../shared/clients/dynamodb';
import { jsonQueueSender } from '../../../shared/clients/queue-sender';
import { sqs } from '../../../shared/clients/sqs';
import { readEnv, setting } from '../../../shared/config/env';
import type { EmailMessage } from '../../../shared/email/email-message';
import { cognitoDirectory } from '../../../shared/identity/cognito-directory';
import { dynamoReopenCounter } from '../../../shared/reports/password-expiry-stats';
import type { ResetDeps } from '../../../shared/resets/reset-password';
import { countedSmsSender } from '../../../shared/sms/counted-sms-sender';

/**
 * What a password reset reaches beyond the directory table's reads: the user pool (temporary
 * password, enable, sign out), SNS (the password's SMS), the email queue (the notice) and the
 * reopened-accounts counter. One builder for every route that resets: an officer's approved
 * request, the support desk's reset, the approval of a new responsible person.
 */
export type ResetCredentials = Pick<ResetDeps, 'directory' | 'accounts' | 'sms' | 'enqueueEmail' | 'countReopened'>;

/** The real ones; reads `USER_POOL_ID` and `EMAIL_QUEUE_URL`, which only the resetting routes are bound to. */
export function resetCredentials(directoryTable: string): ResetCredentials {
  const env = readEnv({ USER_POOL_ID: setting(), EMAIL_QUEUE_URL: setting() });
  const pool = cognitoDirectory(cognito, env.USER_POOL_ID);
  return {
    directory: pool,
    accounts: pool,
    sms: countedSmsSender(directoryTable),
    enqueueEmail: jsonQueueSender<EmailMessage>(sqs, env.EMAIL_QUEUE_URL),
    countReopened: dynamoReopenCounter(dynamo, directoryTable),
  };
}

const refuse = async () => {
  throw new Error('this route is not bound to the user pool, SNS or the email queue');
};

/** For the routes of the same use cases that never reset: stand-ins that fail loudly if a code path ever reached them. */
export const refusedCredentials: ResetCredentials = {
  directory: { setTemporaryPassword: refuse },
  accounts: { enableUser: refuse, userStatus: refuse, signOutEverywhere: refuse },
  sms: { send: refuse },
  enqueueEmail: refuse,
};
