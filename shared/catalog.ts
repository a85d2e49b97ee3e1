/**
 * The one list of what Posta deploys: tables, queues, schedules and HTTP routes.
 * The CDK app (infra/) and the local runner (local/) both read this file, so a route, a
 * schedule or a consumer added here exists in the cloud and on a laptop alike.
 *
 * Entries are data only (no AWS or CDK imports): keep it that way so every side can load it.
 */

import type { Role } from './auth/role-names';

export type TableId = 'directory' | 'audit' | 'idempotency';
export type QueueId = 'email' | 'import' | 'provision' | 'deliveryEvents' | 'passwordEvents';
export type BucketId = 'imports' | 'resetForms';
export type SecretId =
  | 'nationalIdKey'
  | 'otpKey'
  | 'rateLimitKey'
  | 'supportCodeKey'
  | 'emailCodeKey'
  | 'temporaryPasswordKey'
  | 'auditChainKey';
/**
 * `append` is for the audit trail: put new items and read a chain's tail, never update or delete
 * (the hash chain shows tampering; IAM keeps Posta's own functions from attempting it).
 */
export type Access = 'read' | 'write' | 'readWrite' | 'append';

/** DynamoDB item actions (IAM action names without `dynamodb:`) a key-scoped binding may grant. */
export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem' | 'Query' | 'BatchGetItem';

/**
 * Item-level access to a table: only `actions`, only on items whose partition key starts with
 * one of `leadingKeys` (IAM `dynamodb:LeadingKeys`, `ForAllValues:StringLike <prefix>*`), and no
 * index. For functions anyone may call (public routes): whatever their code does, they cannot read
 * or change a role record, a lot, an import or another kind of item. `npm start` checks the same
 * binding on every call (local/key-guard.ts).
 */
export interface ItemAccess {
  actions: ItemAction[];
  leadingKeys: string[];
}

/** Several key-scoped grants when some prefixes get fewer actions (only read, say) than the others. */
export type TableAccess = Access | ItemAccess | ItemAccess[];

/** The key-scoped grants of a table binding; null for one that grants the whole table. */
export const itemGrants = (access: TableAccess | undefined): ItemAccess[] | null =>
  access === undefined || typeof access === 'string' ? null : [access].flat();

export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Project only these attributes (besides the keys); all attributes when absent. */
  include?: readonly string[];
}

export interface TableDef {
  id: TableId;
  /** Environment variable through which functions learn the generated table name. */
  env: string;
  partitionKey: string;
  sortKey?: string;
  indexes: IndexDef[];
  /** Epoch-seconds attribute DynamoDB deletes expired items by. */
  ttlAttribute?: string;
  purpose: string;
}

export const TABLES: Record<TableId, TableDef> = {
  directory: {
    id: 'directory',
    env: 'DIRECTORY_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      // Generic secondary access paths (by institution, by lot, by login …), named by the item types.
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      // Sparse, day-sharded index of what falls due on a day, so sweeps read only what is due.
      { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk' },
      // Sparse, day-sharded index of each member's next deadline (activation window, temporary
      // password, rotation warning or expiry): the daily sweep reads only members who are due.
      { name: 'deadline', partitionKey: 'deadlinePk', sortKey: 'deadlineSk' },
      // Members by institution and folded name, for the help desk's lookups (shared/lookups): a
      // name prefix is a key condition, phone and login filters read the few projected fields.
      // One new index per deployment update: CloudFormation creates at most one GSI at a time.
      {
        name: 'search',
        partitionKey: 'searchPk',
        sortKey: 'searchSk',
        include: ['memberId', 'address', 'givenName', 'familyName', 'institutionCode', 'state', 'phone', 'nidLast3'],
      },
    ],
    ttlAttribute: 'expiresAt',
    purpose: 'Staff members, lots, migration state, counters, role assignments (single-table design)',
  },
  audit: {
    id: 'audit',
    env: 'AUDIT_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      { name: 'byActor', partitionKey: 'actor', sortKey: 'at' },
      { name: 'byTarget', partitionKey: 'target', sortKey: 'at' },
    ],
    ttlAttribute: 'expiresAt',
    purpose: 'Append-only, hash-chained audit trail',
  },
  idempotency: {
    id: 'idempotency',
    env: 'IDEMPOTENCY_TABLE',
    partitionKey: 'id',
    indexes: [],
    ttlAttribute: 'expiration',
    purpose: 'Powertools idempotency records: a retried or redelivered send never sends twice',
  },
};

export interface BucketDef {
  id: BucketId;
  /** Environment variable through which functions learn the generated bucket name. */
  env: string;
  /** Objects are deleted this many days after upload. */
  expireAfterDays: number;
  purpose: string;
  /**
   * Browsers (school portals, the console) upload straight to the bucket with a presigned URL:
   * the CORS rule the bucket answers them with, in the cloud (infra) and locally (the S3 front
   * before fauxqs, local/emulators/s3-cors.ts). The signature, not CORS, restricts who may upload,
   * so any origin is allowed.
   */
  browserUpload: { methods: readonly 'PUT'[]; headers: readonly string[]; exposedHeaders: readonly string[]; maxAgeSeconds: number };
}

export const BUCKETS: Record<BucketId, BucketDef> = {
  imports: {
    id: 'imports',
    env: 'IMPORTS_BUCKET',
    expireAfterDays: 7,
    purpose: 'HR exports uploaded for import (presigned PUT); personal data, so kept one week only',
    // PUT only, and the ETag exposed so the client can confirm what it stored.
    browserUpload: { methods: ['PUT'], headers: ['content-type'], exposedHeaders: ['ETag'], maxAgeSeconds: 3000 },
  },
  /**
   * The signed reset form's scan (PDF, PNG or JPEG), one object per request under
   * `reset-forms/<institution>/<requestId>`: no national ID in the key or metadata. 90 days: past the
   * 7-day approval window and the weeks in which a member disputes a reset they were told of by
   * email; the paper original stays archived at the institution (`form.archivedAt`) as long as its
   * own rules say, so the copy need not outlive the dispute window.
   */
  resetForms: {
    id: 'resetForms',
    env: 'RESET_FORMS_BUCKET',
    expireAfterDays: 90,
    purpose: 'Scans of signed reset forms (presigned PUT by the officer, presigned GET for the approver); personal data, kept 90 days',
    // The same rule as the imports (the local S3 front serves one): PUT only, the ETag exposed.
    browserUpload: { methods: ['PUT'], headers: ['content-type'], exposedHeaders: ['ETag'], maxAgeSeconds: 3000 },
  },
};

export interface SecretDef {
  id: SecretId;
  /** Cloud: the secret's ARN, read from Secrets Manager at cold start. */
  arnEnv: string;
  /** Local: the value itself (there is no Secrets Manager emulator). */
  valueEnv: string;
  purpose: string;
  /** Why the value is never rotated (each is a key that what is already stored was made with). */
  notRotatedBecause: string;
}

export const SECRETS: Record<SecretId, SecretDef> = {
  nationalIdKey: {
    id: 'nationalIdKey',
    arnEnv: 'NATIONAL_ID_KEY_SECRET_ARN',
    valueEnv: 'NATIONAL_ID_KEY',
    purpose: 'HMAC key for national IDs: only the keyed hash and the last 3 characters are stored',
    notRotatedBecause:
      'every stored national-ID hash (and the member id derived from it) was made with it; a rotated value would orphan them, so no national ID could be matched again. Re-keying is a migration (rehash from source data), not a rotation.',
  },
  // One key per purpose, each bound only to the functions that use it (see the bindings below):
  // a function that verifies one-time codes cannot compute national-ID hashes, and so on.
  otpKey: {
    id: 'otpKey',
    arnEnv: 'OTP_KEY_SECRET_ARN',
    valueEnv: 'OTP_KEY',
    purpose: 'HMAC key for one-time codes (activation, late requests, codes sent by email): only a keyed hash of each code is stored',
    notRotatedBecause:
      'codes in flight (10 minutes) are hashed with it. A new value is harmless beyond that (those codes are asked for again), so it may be replaced by hand at any time; no rotation function is deployed for it.',
  },
  rateLimitKey: {
    id: 'rateLimitKey',
    arnEnv: 'RATE_LIMIT_KEY_SECRET_ARN',
    valueEnv: 'RATE_LIMIT_KEY',
    purpose:
      'HMAC key naming rate-limit counters (phone, national-ID hash, source IP, login), the email reset challenge and late requests’ status tokens, so no such item names anybody',
    notRotatedBecause:
      'open counting windows (at most a day) are keyed with it, and late requests’ status tokens (a year). A new value restarts the windows and makes the tokens unknown (their holders then see no decision and ask the helpdesk), so it may be replaced by hand when that is acceptable; no rotation function is deployed for it.',
  },
  supportCodeKey: {
    id: 'supportCodeKey',
    arnEnv: 'SUPPORT_CODE_KEY_SECRET_ARN',
    valueEnv: 'SUPPORT_CODE_KEY',
    purpose:
      'Derives each member’s helpdesk support code (inserted by the email consumer at send time, never queued) and keys its stored hash',
    notRotatedBecause:
      'every support code already mailed was derived with it; a new value would change every member’s code, and the codes in their mailboxes would stop matching.',
  },
  emailCodeKey: {
    id: 'emailCodeKey',
    arnEnv: 'EMAIL_CODE_KEY_SECRET_ARN',
    valueEnv: 'EMAIL_CODE_KEY',
    purpose:
      'Derives the one-time codes sent by email (an alternate email’s proof, a reset by email) from the email’s business key: by the route that stores their hash, and again by the email consumer just before SES, so no code is ever queued',
    notRotatedBecause:
      'codes in flight (10 minutes) were derived with it. A new value only makes those ask again, so it may be replaced by hand at any time; no rotation function is deployed for it.',
  },
  temporaryPasswordKey: {
    id: 'temporaryPasswordKey',
    arnEnv: 'TEMPORARY_PASSWORD_KEY_SECRET_ARN',
    valueEnv: 'TEMPORARY_PASSWORD_KEY',
    purpose:
      'Derives the temporary password of a launch step from the step’s claim nonce, so a retry after a crash between the SMS and its record sends the same password again (never stored, never queued)',
    notRotatedBecause:
      'only steps left unfinished (minutes) depend on it. A new value means such a retry sends a different password than the first SMS, so it may be replaced by hand outside a launch; no rotation function is deployed for it.',
  },
  auditChainKey: {
    id: 'auditChainKey',
    arnEnv: 'AUDIT_CHAIN_KEY_SECRET_ARN',
    valueEnv: 'AUDIT_CHAIN_KEY',
    purpose:
      'HMAC key of the audit chain: every record is MACed over all its stored attributes; bound with the audit table to its writers and verifiers only',
    notRotatedBecause:
      'every audit record is MACed with it; a rotated value would leave every earlier record unverifiable. A new key is a new chain version (records carry `v`), not a rotation.',
  },
};

/**
 * Signed digests of the audit trail (shared/audit/audit-digest.ts): write-once storage and a
 * signing key of their own. In the cloud an S3 bucket with Object Lock (compliance retention as
 * long as the profile keeps audit records) and an asymmetric KMS key only the digest job may sign
 * with; locally (no Object Lock or KMS emulator) a folder and a key pair in the state folder.
 */
export const AUDIT_DIGESTS = {
  /** Cloud: the Object Lock bucket. */
  bucketEnv: 'AUDIT_DIGEST_BUCKET',
  /** Local: the folder standing in for it. */
  dirEnv: 'AUDIT_DIGEST_DIR',
  /** Cloud: the KMS key (ECC_NIST_P256, SIGN_VERIFY) that signs; verifiers read its public half. */
  keyIdEnv: 'AUDIT_DIGEST_KEY_ID',
  /** Local: the key pair's PEM files. */
  privateKeyFileEnv: 'AUDIT_DIGEST_PRIVATE_KEY_FILE',
  publicKeyFileEnv: 'AUDIT_DIGEST_PUBLIC_KEY_FILE',
  /** `COMPLIANCE`: nobody, the account's root included, shortens or removes the retention. */
  retentionMode: 'COMPLIANCE' as 'COMPLIANCE' | 'GOVERNANCE',
  purpose: 'Signed digests of every audit partition’s tail, written once and kept as long as the audit trail',
} as const;

/** `sign`: write digests and sign them (the digest job only). `verify`: read them and the public key. */
export type AuditDigestAccess = 'sign' | 'verify';

export interface Binding {
  tables?: Partial<Record<TableId, TableAccess>>;
  buckets?: Partial<Record<BucketId, Access>>;
  secrets?: SecretId[];
  /** Queues this function sends to. */
  sendsTo?: QueueId[];
  /** Cognito admin actions this function calls on the user pool. */
  userPool?: string[];
  sendsEmail?: boolean;
  sendsSms?: boolean;
  auditDigests?: AuditDigestAccess;
  /** Queues whose dead-letter queue this function moves back to the queue (the redrive). */
  redrives?: QueueId[];
}

/**
 * The secrets a function reads: those its binding names, plus the audit chain key wherever the
 * audit trail is appended to or verified — the key goes with that access, and nowhere else (the
 * digest job reads the trail without it: it copies MACs, it never makes one).
 */
export function secretsOf(binding: Pick<Binding, 'tables' | 'secrets' | 'auditDigests'>): SecretId[] {
  const chained = binding.tables?.audit === 'append' || binding.auditDigests === 'verify';
  return [...new Set([...(binding.secrets ?? []), ...(chained ? (['auditChainKey'] as const) : [])])];
}

export interface QueueDef extends Binding {
  id: QueueId;
  /** Environment variable through which producers learn the queue URL. */
  env: string;
  /** Consumer module; it must export `handler`. */
  consumer: string;
  batchSize: number;
  /** Seconds a message stays invisible while a consumer works on it; ≥ 6 × the consumer's timeout. */
  visibilityTimeoutSeconds: number;
  /**
   * Attempts before a message goes to the dead-letter queue. Sized so that a message failing on a
   * dependency outage at every receive survives 15 minutes of it with the consumers' back-off
   * (`outageSurvivedSeconds` in shared/delivery/outage.ts; a unit test checks every queue).
   */
  maxReceiveCount: number;
  timeoutSeconds: number;
  /** Upper bound of concurrent consumers: this is how a downstream quota (SES, SNS) is respected. */
  maxConcurrency: number;
  /** Consumer memory in MB when the default (512) is not enough; Lambda's CPU share grows with it. */
  memoryMb?: number;
  /**
   * Fed by an EventBridge rule instead of a producer: `ses-events` = the email configuration set's
   * bounces and complaints; `cloudtrail-password-events` = Cognito password calls recorded by
   * CloudTrail (needs a trail with management events in the account).
   */
  fedBy?: 'ses-events' | 'cloudtrail-password-events';
  purpose: string;
}

/** The Cognito calls that set a password, as CloudTrail names them: what the `cloudtrail-password-events` rule matches. */
export const CLOUDTRAIL_PASSWORD_EVENTS = [
  'ChangePassword',
  'ConfirmForgotPassword',
  'AdminSetUserPassword',
  'RespondToAuthChallenge',
] as const;

/**
 * Ten receives: with the back-off of 30 s doubling to 15 minutes (half to all of each, jittered),
 * the ninth retry comes at the earliest ~38 minutes after the first try: a 15-minute outage of
 * DynamoDB, SES or SNS dead-letters nothing. A bad message is sent round at once and dead-letters in seconds.
 */
const OUTAGE_PROOF_RECEIVES = 10;

export const QUEUES: Record<QueueId, QueueDef> = {
  email: {
    id: 'email',
    env: 'EMAIL_QUEUE_URL',
    consumer: 'functions/consumers/send-email.ts',
    batchSize: 10,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: OUTAGE_PROOF_RECEIVES,
    timeoutSeconds: 30,
    maxConcurrency: 5,
    // directory: a permanent SES rejection is recorded against the member.
    tables: { idempotency: 'readWrite', directory: 'readWrite' },
    // The support code and the one-time codes of emails are derived here, at send time: never queued
    // (shared/email/insert-support-code.ts, shared/email/email-code.ts).
    secrets: ['supportCodeKey', 'emailCodeKey'],
    sendsEmail: true,
    // email: a receipt follows up on its own queue when an email went out but could not be recorded.
    sendsTo: ['email'],
    purpose: 'Templated, localized emails; one message per recipient and business key',
  },
  import: {
    id: 'import',
    env: 'IMPORT_QUEUE_URL',
    consumer: 'functions/consumers/import-staff.ts',
    // One chunk of an import per message; the consumer enqueues the next chunk itself.
    batchSize: 1,
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: OUTAGE_PROOF_RECEIVES,
    timeoutSeconds: 300,
    maxConcurrency: 2,
    // A 200,000-row file (the limit) validated in memory and kept for the next chunk needs ~650 MB;
    // 1,769 MB is also one full vCPU for the validation.
    memoryMb: 1769,
    tables: { directory: 'readWrite', audit: 'append' },
    buckets: { imports: 'read' },
    secrets: ['nationalIdKey'],
    // A changed phone or alternate email is told to the old ones: SMS, and email through its queue.
    sendsTo: ['import', 'email'],
    sendsSms: true,
    purpose: 'Staff import jobs, processed in chunks of rows',
  },
  provision: {
    id: 'provision',
    env: 'PROVISION_QUEUE_URL',
    consumer: 'functions/consumers/provision-account.ts',
    batchSize: 5,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: OUTAGE_PROOF_RECEIVES,
    timeoutSeconds: 30,
    // The launcher paces creations with message delays; this caps bursts of redeliveries.
    maxConcurrency: 10,
    // audit: activation notices (the other message kind) are audited per member.
    tables: { directory: 'readWrite', audit: 'append' },
    // The support code's stored hash; the temporary password of an unfinished launch step is
    // derived again from its own key (shared/credentials/issue-temporary-password.ts).
    secrets: ['supportCodeKey', 'temporaryPasswordKey'],
    // AdminAddUserToGroup: every account Posta creates is in the `staff` group. AdminGetUser: a
    // launch step left unfinished is re-sent only while the member has not replaced the password.
    userPool: [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminGetUser',
    ],
    sendsSms: true,
    // provision: a receipt follows up on its own queue when an SMS went out but could not be recorded.
    sendsTo: ['email', 'provision'],
    purpose:
      'One member of a launching lot (Cognito account, temporary password by SMS, notice queued), one activation notice, or one member’s SMS of a message to staff',
  },
  deliveryEvents: {
    id: 'deliveryEvents',
    env: 'DELIVERY_EVENTS_QUEUE_URL',
    consumer: 'functions/consumers/delivery-events.ts',
    batchSize: 10,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: OUTAGE_PROOF_RECEIVES,
    timeoutSeconds: 30,
    maxConcurrency: 2,
    fedBy: 'ses-events',
    tables: { directory: 'readWrite' },
    purpose: 'SES bounce and complaint events (EventBridge): permanent failures recorded against the member, counted as bounced',
  },
  passwordEvents: {
    id: 'passwordEvents',
    env: 'PASSWORD_EVENTS_QUEUE_URL',
    consumer: 'functions/consumers/password-events.ts',
    batchSize: 10,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: OUTAGE_PROOF_RECEIVES,
    timeoutSeconds: 30,
    maxConcurrency: 2,
    fedBy: 'cloudtrail-password-events',
    // AdminGetUser: the event may name the user by `sub` only; the pool resolves it to the login.
    userPool: ['cognito-idp:AdminGetUser'],
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email'],
    purpose:
      'Password changes made directly against Cognito (CloudTrail via EventBridge): recorded and the deadline re-filed when Posta did not record them itself',
  },
};

/** The log line a consumer writes when a message dead-letters a second time; each consumer's `DeadLetteredTwice` alarm filters for it. */
export const DEAD_LETTERED_TWICE = 'message dead-lettered twice';

/** Where a function that redrives a queue finds its dead-letter queue: `EMAIL_QUEUE_URL` → `EMAIL_QUEUE_DLQ_URL`. */
export const deadLetterQueueEnv = (id: QueueId) => QUEUES[id].env.replace(/_URL$/, '_DLQ_URL');

/** EventBridge cron fields (UTC), the same shape as CDK's `CronOptions`. */
export interface Cron {
  minute: string;
  hour: string;
  day?: string;
  month?: string;
  weekDay?: string;
}

export interface ScheduleDef extends Binding {
  id: string;
  handler: string;
  cron: Cron;
  timeoutSeconds: number;
  purpose: string;
}

export const SCHEDULES: ScheduleDef[] = [
  {
    id: 'heartbeat',
    handler: 'functions/jobs/heartbeat.ts',
    cron: { minute: '*/15', hour: '*' },
    timeoutSeconds: 10,
    tables: { directory: 'readWrite' },
    purpose: 'Records that the scheduler runs; /health reports how long ago it last did',
  },
  {
    id: 'launch-lots',
    handler: 'functions/jobs/launch-lots.ts',
    cron: { minute: '*', hour: '*' },
    timeoutSeconds: 60,
    tables: { directory: 'readWrite' },
    sendsTo: ['provision'],
    purpose: 'Starts lots whose launch time has come and feeds their members to the account queue at the profile pace',
  },
  {
    id: 'resend-notices',
    handler: 'functions/jobs/resend-notices.ts',
    cron: { minute: '0', hour: '6' },
    timeoutSeconds: 300,
    // audit: every reminder is on the member's trail; SMS: invitations to members without email.
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email'],
    sendsSms: true,
    purpose: 'Sends the notice again to notified members who have not signed in, at the profile cadence',
  },
  {
    id: 'deadline-sweep',
    handler: 'functions/jobs/deadline-sweep.ts',
    cron: { minute: '0', hour: '1' },
    timeoutSeconds: 900,
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email'],
    sendsSms: true,
    userPool: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminGetUser'],
    purpose:
      'Closes what ran out (activation window, temporary password, rotated password: Cognito user disabled) and sends rotation warnings, reading only the due deadline index',
  },
  {
    id: 'audit-digest',
    handler: 'functions/jobs/audit-digest.ts',
    cron: { minute: '5', hour: '*' },
    timeoutSeconds: 300,
    // Reads the trail (never writes it) and signs with a key no audit writer holds.
    tables: { audit: 'read' },
    auditDigests: 'sign',
    purpose:
      'Hourly signed digest of every audit partition whose tail moved (previous digest named and hashed), written once to Object Lock storage',
  },
  {
    id: 'redrive-dead-letters',
    handler: 'functions/jobs/redrive-dead-letters.ts',
    cron: { minute: '*/10', hour: '*' },
    timeoutSeconds: 120,
    tables: { directory: 'readWrite', audit: 'append' },
    redrives: ['email', 'import', 'provision', 'deliveryEvents', 'passwordEvents'],
    purpose:
      'Self-healing: once /health is green, moves dead-lettered messages back to their queues (SQS message move task), bounded and audited',
  },
  {
    id: 'release-held-credentials',
    handler: 'functions/jobs/release-held-credentials.ts',
    // Every 15 minutes, off the heartbeat's minutes.
    cron: { minute: '7/15', hour: '*' },
    timeoutSeconds: 60,
    tables: { directory: 'readWrite' },
    sendsTo: ['provision'],
    purpose:
      'Sends lot members whose temporary password waited for a changed phone’s hold back to the account queue once the hold ends, reading only the due index',
  },
  {
    id: 'sync-recovery-phones',
    handler: 'functions/jobs/sync-recovery-phones.ts',
    // Every 15 minutes, off the release schedule's minutes.
    cron: { minute: '11/15', hour: '*' },
    timeoutSeconds: 120,
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
    purpose:
      'Once a re-imported phone’s hold ends, makes it the sign-in account’s recovery phone (where Cognito sends reset codes), reading only the due index',
  },
  {
    id: 'phone-update-digest',
    handler: 'functions/jobs/phone-update-digest.ts',
    // Mondays 07:00 UTC (EventBridge week days: 1 = Sunday).
    cron: { minute: '0', hour: '7', weekDay: '2' },
    timeoutSeconds: 300,
    tables: { directory: 'readWrite' },
    sendsTo: ['email'],
    purpose:
      'Weekly: tells the school admins of each institution whose phone-update list is not empty how many staff lack a usable mobile (reads the lists’ markers, never a scan)',
  },
  {
    id: 'send-messages',
    handler: 'functions/jobs/send-messages.ts',
    cron: { minute: '*', hour: '*' },
    timeoutSeconds: 900,
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email', 'provision'],
    purpose:
      'Fans out the messages to staff whose time has come: one email per recipient on the email queue, one SMS request per member on the provision queue (business key per message and recipient)',
  },
  {
    id: 'progress-snapshot',
    handler: 'functions/jobs/progress-snapshot.ts',
    // Daily, near the end of the UTC day: the day's last counts (PROGRESS_SNAPSHOT_TIME says it to the desks).
    cron: { minute: '55', hour: '23' },
    timeoutSeconds: 300,
    tables: { directory: 'readWrite' },
    purpose:
      'Daily: copies each registered institution’s progress counters into one item for the UTC day (kept 400 days, overwritten by a rerun), for the members-by-state-over-time chart; reads counters, never members',
  },
];

/** The Cognito user pool triggers Posta handles (the names of the pool's `LambdaConfig` keys). */
export type CognitoTrigger = 'PreAuthentication' | 'PostAuthentication';

/**
 * A Lambda the user pool invokes during sign-in. These functions live in the stateful stack,
 * next to the pool (the pool names them, they name the tables: in the stateless stack that would
 * be a cross-stack cycle), so a trigger may bind only what that stack holds: tables and secrets.
 */
export interface TriggerDef extends Pick<Binding, 'tables' | 'secrets'> {
  id: string;
  trigger: CognitoTrigger;
  handler: string;
  /** Cognito gives a trigger 5 seconds, then fails the sign-in. */
  timeoutSeconds: number;
  purpose: string;
}

export const TRIGGERS: TriggerDef[] = [
  {
    id: 'pre-authentication',
    trigger: 'PreAuthentication',
    handler: 'functions/triggers/pre-authentication.ts',
    timeoutSeconds: 5,
    tables: { directory: 'read' },
    purpose: 'Refuses sign-in with a temporary password past its deadline or a password past the profile’s max age',
  },
  {
    id: 'post-authentication',
    trigger: 'PostAuthentication',
    handler: 'functions/triggers/post-authentication.ts',
    timeoutSeconds: 5,
    // audit readWrite: appending to the hash chain reads the partition's tail first.
    tables: { directory: 'readWrite', audit: 'append' },
    purpose: 'A member who signs in counts as activated (no more reminders); the first chosen password is recorded',
  },
];

export type RouteRule = 'public' | 'machine' | 'self' | 'any' | 'institution';

/**
 * The directory items each public route may touch, by partition-key prefix (its
 * `dynamodb:LeadingKeys`): anyone can call these, so none of them may reach a role record
 * (`PRINCIPAL#`), a lot, an import, an institution's lists… however their code changes. A use
 * case that starts touching another kind of item must be added here: `npm start` refuses the call
 * until it is (local/key-guard.ts), as IAM does in the cloud, and test/unit/public-route-access.test.ts
 * runs every public route's flows against these grants (also the calls whose refusal is only logged).
 */
const PUBLIC_KEYS = {
  startActivation: ['MEMBER#', 'ACTIVATION#', 'OTP#', 'RATE#', 'STATS#', 'PROGRESS#'],
  confirmActivation: ['MEMBER#', 'ACTIVATION#', 'ACTIVATION-GUARD#', 'OTP#', 'PROGRESS#', 'STATS#'],
  // The public-SMS budgets and the per-login limit; the emailed code's challenge.
  forgotPassword: { counters: ['RATE#'], codes: ['OTP#'] },
  confirmForgotPassword: ['ADDRESS#', 'MEMBER#'],
  startLateRequest: ['LATEREQ#', 'OTP#', 'RATE#', 'STATS#'],
  // STATS#: the SMS a member on record gets instead is counted like every SMS.
  verifyLateRequest: ['LATEREQ#', 'MEMBER#', 'OTP#', 'STATS#'],
  // The status token's item (its keyed hash → the request), written once.
  lateRequestStatusIssue: ['LATESTATUS#'],
  // The token's item and its request, read; the source's lookup counter.
  lateRequestStatus: { read: ['LATESTATUS#', 'LATEREQ#'], counters: ['RATE#'] },
};

/**
 * The institution registry, read only: a late request naming an unregistered institution is
 * refused. Its own grant, so no public function may write an `INSTITUTION#` item (a region
 * decides a support agent's reach).
 */
const REGISTRY_READ: ItemAccess = { actions: ['BatchGetItem'], leadingKeys: ['INSTITUTION#'] };

/** The member behind a login (its address item, then the member), read only. */
const MEMBER_READ: ItemAccess = { actions: ['GetItem'], leadingKeys: ['ADDRESS#', 'MEMBER#'] };

/**
 * A number SNS refuses puts its member on their institution's phone-update list (issue #17 part
 * 3; shared/phone-updates): the entry and the list's digest marker, written only — a public
 * function reads no list, and the entry's facts come from the member item, never the caller.
 */
const PHONE_UPDATE_LISTING: ItemAccess = { actions: ['UpdateItem'], leadingKeys: ['PHONEUPD#', 'PHONEUPDLIST#'] };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef extends Binding {
  /** Also the function's construct id and the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/lots/{lotId}`. */
  path: string;
  handler: string;
  /**
   * `public`: no token. `jwt`: a staff user's Cognito access token checked by the API's authorizer.
   * `machine`: an OAuth client-credentials access token of a machine app client carrying `scopes`.
   */
  auth: 'public' | 'jwt' | 'machine';
  /** Roles that may call a `jwt` route (`shared/auth/authorize.ts` decides from it and `rule`). */
  allow?: Role[];
  /**
   * What a `jwt` or `machine` route's target must be for the caller (required for both: a route
   * without one fails `cdk synth`). `any`: no institution target (deployment-wide); `institution`:
   * the target institution must be in the caller's scope; `self`: the caller's own account;
   * `machine`: a machine client, by OAuth scopes; `public`: no caller.
   */
  rule?: RouteRule;
  /** OAuth scopes a `machine` route requires (the authorizer and the handler both check them). */
  scopes?: MachineScope[];
  /**
   * Why a `public` route takes no token, and what protects what it handles instead (the reason
   * cdk-nag's "no authorizer" finding is acknowledged with; `cdk synth` fails without one).
   */
  publicBecause?: string;
  summary: string;
  tag: string;
  timeoutSeconds?: number;
}

const ROUTE_LIST: RouteDef[] = [
  {
    id: 'health',
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    auth: 'public',
    publicBecause:
      'liveness check for load balancers and monitors; it answers status and the time of the last scheduler run, no personal data, and reads one system item (directory access scoped to it).',
    summary: 'Liveness and dependency check',
    tag: 'Operations',
    // The scheduler's heartbeat item, and nothing else of the directory.
    tables: { directory: { actions: ['GetItem'], leadingKeys: ['SYSTEM'] } },
  },
  {
    id: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/openapi.ts',
    auth: 'public',
    publicBecause: "the API's own OpenAPI document (route shapes, no data); it reads no table.",
    summary: 'This API, as an OpenAPI 3.1 document',
    tag: 'Operations',
  },
  {
    id: 'getProfile',
    method: 'GET',
    path: '/v1/profile',
    handler: 'functions/http/profile.ts',
    auth: 'public',
    publicBecause:
      'the console shows it before anyone signs in (languages, password rules, flows offered, helpdesk contacts). It handles no personal data and reads no table: the answer is the deployment profile’s public part, fixed at deployment.',
    summary: 'The deployment’s public profile: ministry, mail domain, languages, password rules, flows offered, helpdesk contacts',
    tag: 'Operations',
  },
  {
    id: 'getMe',
    method: 'GET',
    path: '/v1/me',
    handler: 'functions/http/me.ts',
    auth: 'jwt',
    rule: 'self',
    summary: 'The signed-in user: login, roles and profile; for a staff member, the account state and next password expiry',
    tag: 'Account',
    allow: ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator', 'auditor'],
    tables: { directory: 'read' },
  },
  // Activation (issue #4): the notice opens a window; two public steps prove phone + national ID.
  {
    id: 'sendActivationNotices',
    method: 'POST',
    path: '/v1/institutions/{institutionCode}/activation-notices',
    handler: 'functions/http/activation/send-activation-notices.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Send activation notices (SMS + email) to chosen members or to all who have not activated; opens their window (202)',
    tag: 'Activation',
    tables: { directory: 'read', audit: 'append' },
    sendsTo: ['provision'],
  },
  {
    id: 'reopenActivationWindow',
    method: 'POST',
    path: '/v1/members/{memberId}/activation-window/reopen',
    handler: 'functions/http/activation/reopen-activation-window.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Reopen an expired activation window (audited with a reason); the notice is sent again',
    tag: 'Activation',
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['provision'],
  },
  {
    id: 'confirmChannelChange',
    method: 'POST',
    path: '/v1/members/{memberId}/channel-change/confirm',
    handler: 'functions/http/credentials/confirm-channel-change.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary:
      'Confirm a member’s phone or alternate email changed by a re-import (reason, audited): credentials and codes go to it before the hold ends',
    tag: 'Staff import',
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['provision'],
    // A confirmed phone becomes the account's recovery phone at once (recovery-phone.ts).
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
  },
  {
    id: 'startActivation',
    method: 'POST',
    path: '/v1/activation',
    handler: 'functions/http/activation/start-activation.ts',
    auth: 'public',
    publicBecause:
      'the staff member has no account yet. It handles personal data (national ID, mobile number): the answer is the same whether or not they match a member (no enumeration), an SMS code goes only to the phone on record, limits per phone, person and source IP apply, nothing is stored in clear, and its directory access is scoped to members, attempts, codes and counters (dynamodb:LeadingKeys).',
    summary: 'Activation step 1: national ID + mobile; a code by SMS if they match (the same 202 answer either way)',
    tag: 'Activation',
    // Public: the member (read; a refused SMS is recorded on it with its counters, and listed for
    // the school), the attempt, its code, the rate-limit and SMS counters — no role, lot or import item.
    tables: {
      directory: [{ actions: ['GetItem', 'PutItem', 'UpdateItem'], leadingKeys: PUBLIC_KEYS.startActivation }, PHONE_UPDATE_LISTING],
      audit: 'append',
    },
    secrets: ['nationalIdKey', 'otpKey', 'rateLimitKey'],
    sendsSms: true,
  },
  {
    id: 'confirmActivation',
    method: 'POST',
    path: '/v1/activation/{attemptId}/confirm',
    handler: 'functions/http/activation/confirm-activation.ts',
    auth: 'public',
    publicBecause:
      'the second step of the same proof. It handles personal data (creates the account and sends a temporary password to the phone on record, never in the answer): only the code sent to that phone opens it, wrong codes lock the person, and its directory access is scoped to members, attempts, codes and counters (dynamodb:LeadingKeys).',
    summary: 'Activation step 2: the SMS code; creates the account and sends a temporary password by SMS',
    tag: 'Activation',
    tables: {
      // A temporary password SNS refuses is recorded on the member and listed for the school.
      directory: [
        { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], leadingKeys: PUBLIC_KEYS.confirmActivation },
        PHONE_UPDATE_LISTING,
      ],
      audit: 'append',
    },
    // otpKey: the code; rateLimitKey: the source's wrong-code counter.
    secrets: ['otpKey', 'rateLimitKey'],
    userPool: [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminEnableUser',
    ],
    sendsSms: true,
  },
  // Self-service passwords. Cognito's ForgotPassword, ConfirmForgotPassword and ChangePassword are
  // its public APIs (app client id, or the user's own access token), listed here so the function
  // learns the pool and client ids; they need no IAM permission.
  {
    id: 'forgotPassword',
    method: 'POST',
    path: '/v1/password/forgot',
    handler: 'functions/http/password/forgot-password.ts',
    auth: 'public',
    publicBecause:
      "a locked-out user has no token. It handles personal data (the member behind a login and the channels on record): the answer is the same for every login and channel (no enumeration, 600 ms floor), the public-SMS budgets per source IP and deployment and a per-login limit apply before anything is looked up, Cognito sends its code to the account's verified phone and Posta's own code goes to a verified alternate email through the queue (only its hash stored), and its directory access is scoped to counters, codes and reading members (dynamodb:LeadingKeys).",
    summary: 'Ask for a password reset code by SMS or by the verified alternate email (the same answer for unknown logins)',
    tag: 'Account',
    userPool: ['cognito-idp:ForgotPassword'],
    // The limits (RATE#), the emailed code's challenge (OTP#), the member behind the login (read only); audit: a code emailed.
    tables: {
      directory: [
        { actions: ['UpdateItem'], leadingKeys: PUBLIC_KEYS.forgotPassword.counters },
        { actions: ['PutItem'], leadingKeys: PUBLIC_KEYS.forgotPassword.codes },
        MEMBER_READ,
      ],
      audit: 'append',
    },
    secrets: ['otpKey', 'rateLimitKey', 'emailCodeKey'],
    sendsTo: ['email'],
  },
  {
    id: 'confirmForgotPassword',
    method: 'POST',
    path: '/v1/password/forgot/confirm',
    handler: 'functions/http/password/confirm-forgot-password.ts',
    auth: 'public',
    publicBecause:
      "a locked-out user has no token. It handles personal data (sets a password, records its date on the member, emails the member): only the code Cognito sent to the account's phone, or Posta's code emailed to the verified alternate email (five tries, single use), opens it, and its directory access is scoped to address, member and code items (dynamodb:LeadingKeys).",
    summary:
      'Set a new password with the code sent by SMS or to the verified alternate email; recorded, audited, and the member told by email',
    tag: 'Account',
    // AdminSetUserPassword: the reset by an emailed code, which Posta checks itself (Cognito cannot send it).
    userPool: ['cognito-idp:ConfirmForgotPassword', 'cognito-idp:AdminSetUserPassword'],
    // The login's address item and its member (the password date), the emailed code's challenge: nothing else.
    tables: {
      directory: [
        { actions: ['GetItem', 'UpdateItem'], leadingKeys: PUBLIC_KEYS.confirmForgotPassword },
        { actions: ['GetItem', 'UpdateItem', 'DeleteItem'], leadingKeys: ['OTP#'] },
      ],
      audit: 'append',
    },
    secrets: ['otpKey', 'rateLimitKey'],
    sendsTo: ['email'],
  },
  {
    id: 'changeMyPassword',
    method: 'POST',
    path: '/v1/me/password',
    handler: 'functions/http/password/change-password.ts',
    auth: 'jwt',
    rule: 'self',
    summary: 'Change the signed-in user’s own password; recorded, audited, and the member told by email',
    tag: 'Account',
    allow: ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator', 'auditor'],
    userPool: ['cognito-idp:ChangePassword'],
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email'],
  },
  // The alternate email (issue #17 §4): a staff member's own, proved by a code, where reset codes may go.
  {
    id: 'setMyAlternateEmail',
    method: 'PUT',
    path: '/v1/me/alternate-email',
    handler: 'functions/http/password/set-alternate-email.ts',
    auth: 'jwt',
    rule: 'self',
    summary: 'Add an alternate email for password resets: a code is sent to it (202); asking again while it is valid sends nothing new',
    tag: 'Account',
    allow: ['staff'],
    tables: { directory: 'readWrite', audit: 'append' },
    secrets: ['otpKey', 'rateLimitKey', 'emailCodeKey'],
    sendsTo: ['email'],
  },
  {
    id: 'verifyMyAlternateEmail',
    method: 'POST',
    path: '/v1/me/alternate-email/verify',
    handler: 'functions/http/password/verify-alternate-email.ts',
    auth: 'jwt',
    rule: 'self',
    summary:
      'Prove the alternate email with its code; the change is told to the old phone and addresses, and codes go to it 24 hours later',
    tag: 'Account',
    allow: ['staff'],
    tables: { directory: 'readWrite', audit: 'append' },
    secrets: ['otpKey'],
    sendsTo: ['email'],
    sendsSms: true,
  },
  {
    id: 'removeMyAlternateEmail',
    method: 'DELETE',
    path: '/v1/me/alternate-email',
    handler: 'functions/http/password/remove-alternate-email.ts',
    auth: 'jwt',
    rule: 'self',
    summary: 'Remove the alternate email (told to the old phone and addresses): reset codes go by SMS only',
    tag: 'Account',
    allow: ['staff'],
    tables: { directory: 'readWrite', audit: 'append' },
    sendsTo: ['email'],
    sendsSms: true,
  },
  {
    id: 'createImport',
    method: 'POST',
    path: '/v1/imports',
    handler: 'functions/http/imports/create-import.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Open a staff import: returns a job id and a presigned URL to upload the CSV or JSON file to',
    tag: 'Staff import',
    tables: { directory: 'readWrite' },
    buckets: { imports: 'write' },
  },
  {
    id: 'startImport',
    method: 'POST',
    path: '/v1/imports/{jobId}/start',
    handler: 'functions/http/imports/start-import.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Start processing an uploaded file (202); 413 when the file is over the limit',
    tag: 'Staff import',
    tables: { directory: 'readWrite' },
    buckets: { imports: 'read' },
    sendsTo: ['import'],
  },
  // Static paths before `/v1/imports/{jobId}`: the local router takes the first match in this order.
  {
    id: 'getImportFormat',
    method: 'GET',
    path: '/v1/imports/format',
    handler: 'functions/http/imports/import-format.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator', 'school-admin'],
    summary: 'What an import file may hold here: columns with aliases and required flags, categories with labels, languages, encodings',
    tag: 'Staff import',
    tables: { directory: 'read' },
  },
  {
    id: 'getImportTemplate',
    method: 'GET',
    path: '/v1/imports/template.csv',
    handler: 'functions/http/imports/import-template.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator', 'school-admin'],
    summary: 'A CSV template with the header row in the profile’s language (UTF-8 with BOM, `;`-separated)',
    tag: 'Staff import',
    tables: { directory: 'read' },
  },
  {
    id: 'resumeImport',
    method: 'POST',
    path: '/v1/imports/{jobId}/resume',
    handler: 'functions/http/imports/resume-import.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Resume an import that stopped moving: the chunk after the last counted one goes back on the queue (202; audited)',
    tag: 'Staff import',
    tables: { directory: 'read' },
    sendsTo: ['import'],
  },
  {
    id: 'getImport',
    method: 'GET',
    path: '/v1/imports/{jobId}',
    handler: 'functions/http/imports/get-import.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Progress and counts of an import job',
    tag: 'Staff import',
    tables: { directory: 'read' },
  },
  {
    id: 'listImportProblems',
    method: 'GET',
    path: '/v1/imports/{jobId}/problems',
    handler: 'functions/http/imports/list-import-problems.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The rejected rows of an import, one problem per field, paginated',
    tag: 'Staff import',
    tables: { directory: 'read' },
  },
  {
    id: 'exportImportProblems',
    method: 'GET',
    path: '/v1/imports/{jobId}/problems.csv',
    handler: 'functions/http/imports/export-import-problems.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The rejected rows of an import as CSV (formula-safe), up to 10,000 a page',
    tag: 'Staff import',
    tables: { directory: 'read' },
  },
  // Institution registry (issue #13): rows and requests naming an unregistered institution are refused.
  {
    id: 'putInstitution',
    method: 'PUT',
    path: '/v1/institutions/{institutionCode}',
    handler: 'functions/http/institutions/put-institution.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Register an institution or replace its name, city and region (idempotent, audited)',
    tag: 'Institutions',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listInstitutions',
    method: 'GET',
    path: '/v1/institutions',
    handler: 'functions/http/institutions/list-institutions.ts',
    auth: 'jwt',
    rule: 'institution',
    // The auditor (deployment-wide, read-only) reads the registry too: codes and names to pick an institution's trail by.
    allow: ['operator', 'school-admin', 'officer', 'approver', 'support', 'moderator', 'auditor'],
    summary: 'Registered institutions by code, paginated: operators and auditors all, support their reach, others their own',
    tag: 'Institutions',
    tables: { directory: 'read' },
  },
  {
    id: 'registerInstitutions',
    method: 'POST',
    path: '/v1/institutions/bulk',
    handler: 'functions/http/institutions/register-institutions.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Register many institutions from a CSV body (text/csv, up to 10,000 rows): all or nothing, idempotent, audited',
    tag: 'Institutions',
    tables: { directory: 'readWrite', audit: 'append' },
    timeoutSeconds: 29,
  },
  {
    id: 'createLot',
    method: 'POST',
    path: '/v1/lots',
    handler: 'functions/http/lots/create-lot.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Create a lot of staff (by institutions, by member ids, or the next N pending) with its launch time',
    tag: 'Lots',
    tables: { directory: 'readWrite' },
    // Members are put in the lot inside the call, one conditional transaction each (see NEXT_PENDING_MAX).
    timeoutSeconds: 29,
  },
  {
    id: 'listLots',
    method: 'GET',
    path: '/v1/lots',
    handler: 'functions/http/lots/list-lots.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Lots by launch time, paginated',
    tag: 'Lots',
    tables: { directory: 'read' },
  },
  {
    id: 'getLot',
    method: 'GET',
    path: '/v1/lots/{lotId}',
    handler: 'functions/http/lots/get-lot.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'One lot: state, launch time, member count, launch progress',
    tag: 'Lots',
    tables: { directory: 'read' },
  },
  {
    id: 'rescheduleLot',
    method: 'PATCH',
    path: '/v1/lots/{lotId}',
    handler: 'functions/http/lots/reschedule-lot.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Move the launch time of a lot that has not launched',
    tag: 'Lots',
    tables: { directory: 'readWrite' },
  },
  {
    id: 'cancelLot',
    method: 'POST',
    path: '/v1/lots/{lotId}/cancel',
    handler: 'functions/http/lots/cancel-lot.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Cancel a lot that has not launched',
    tag: 'Lots',
    tables: { directory: 'readWrite' },
  },
  {
    id: 'resumeLot',
    method: 'POST',
    path: '/v1/lots/{lotId}/resume',
    handler: 'functions/http/lots/resume-lot.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Resume a launch that stalled: the lot’s members go to the account queue again, those done are skipped (202; audited)',
    tag: 'Lots',
    tables: { directory: 'readWrite' },
  },
  {
    id: 'getLotProgress',
    method: 'GET',
    path: '/v1/lots/{lotId}/progress',
    handler: 'functions/http/progress/lot-progress.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Members of a lot by state, from counters (one read)',
    tag: 'Progress',
    tables: { directory: 'read' },
  },
  {
    id: 'getInstitutionProgress',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/progress',
    handler: 'functions/http/progress/institution-progress.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Members of an institution by state, from counters (one read)',
    tag: 'Progress',
    tables: { directory: 'read' },
  },
  {
    id: 'getInstitutionProgressHistory',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/progress/history',
    handler: 'functions/http/progress/institution-progress-history.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Members of an institution by state over the last N UTC days, from the daily snapshots (one query)',
    tag: 'Progress',
    tables: { directory: 'read' },
  },
  {
    id: 'exportInstitutionMembers',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/members.csv',
    handler: 'functions/http/progress/export-members.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The institution’s members as CSV (masked phones, last 3 ID characters, formula-safe)',
    tag: 'Progress',
    tables: { directory: 'read' },
  },
  {
    id: 'startLateRequest',
    method: 'POST',
    path: '/v1/late-requests',
    handler: 'functions/http/late-requests/start-late-request.ts',
    auth: 'public',
    publicBecause:
      "staff left out of the HR import have no account. It handles personal data (name, national ID, phone, institution): checked by the import's validators, stored with the national ID as a keyed hash only, the SMS code limited per phone and person and by the public-SMS budgets, and its directory access scoped to late requests, codes and counters, with the institution registry read only (dynamodb:LeadingKeys).",
    summary: 'Staff left out of the import ask for a mailbox: a confirmation code is sent by SMS (202)',
    tag: 'Late requests',
    tables: { directory: [{ actions: ['PutItem', 'UpdateItem'], leadingKeys: PUBLIC_KEYS.startLateRequest }, REGISTRY_READ] },
    secrets: ['nationalIdKey', 'otpKey', 'rateLimitKey'],
    sendsSms: true,
  },
  {
    id: 'verifyLateRequest',
    method: 'POST',
    path: '/v1/late-requests/{requestId}/verify',
    handler: 'functions/http/late-requests/verify-late-request.ts',
    auth: 'public',
    publicBecause:
      "the second step of the same request. It handles personal data (it confirms the requester's phone; a member on record is texted on the phone on record instead): only the code sent to that phone counts, five wrong tries lock the request, the answer is the same for members and strangers, and its directory access is scoped to late requests, members, codes and SMS counters (dynamodb:LeadingKeys).",
    summary: 'Confirm a late request with the SMS code (5 tries, 10 minutes); it then waits for approval',
    tag: 'Late requests',
    tables: {
      directory: [
        { actions: ['GetItem', 'UpdateItem', 'DeleteItem'], leadingKeys: PUBLIC_KEYS.verifyLateRequest },
        { actions: ['PutItem'], leadingKeys: PUBLIC_KEYS.lateRequestStatusIssue },
      ],
    },
    // otpKey: the code; rateLimitKey: the status token's keyed hash (the key of its item).
    secrets: ['otpKey', 'rateLimitKey'],
    // A member on record is texted (already-member) instead of a request reaching the school.
    sendsSms: true,
  },
  {
    id: 'lateRequestStatus',
    method: 'POST',
    path: '/v1/late-requests/status',
    handler: 'functions/http/late-requests/late-request-status.ts',
    auth: 'public',
    publicBecause:
      "the applicant has no account to sign in with. It handles personal data (once approved, the new mailbox address): only whoever proved the phone holds the request's status token (256 random bits, answered once, stored only as a keyed hash), sent in the body, never in a URL; it reads the token's item and its request only (dynamodb:LeadingKeys) and answers the state, when it was decided and the new address, nothing the applicant did not type or is not owed; an unknown token is a plain 404, and every lookup counts against the source's hourly budget.",
    summary: 'The decision on a late request, for the holder of its status token: pending, approved (with the new address) or rejected',
    tag: 'Late requests',
    tables: {
      directory: [
        { actions: ['GetItem'], leadingKeys: PUBLIC_KEYS.lateRequestStatus.read },
        { actions: ['UpdateItem'], leadingKeys: PUBLIC_KEYS.lateRequestStatus.counters },
      ],
    },
    secrets: ['rateLimitKey'],
  },
  {
    id: 'listLateRequests',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/late-requests',
    handler: 'functions/http/late-requests/list-late-requests.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Confirmed late requests of an institution by state (masked phones, last 3 ID characters), paginated',
    tag: 'Late requests',
    tables: { directory: 'read' },
  },
  {
    id: 'decideLateRequest',
    method: 'POST',
    path: '/v1/late-requests/{requestId}/decision',
    handler: 'functions/http/late-requests/decide-late-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Approve (the member is created and joins the next scheduled lot) or reject a confirmed late request',
    tag: 'Late requests',
    tables: { directory: 'readWrite', audit: 'append' },
    // The applicant is told the decision by SMS.
    sendsSms: true,
  },
  // Delegated resets (issue #5). Refused cross-institution attempts are audited, so every route
  // appends to the audit trail; lazy expiry writes, so even the reads are readWrite.
  {
    id: 'fileResetRequest',
    method: 'POST',
    path: '/v1/reset-requests',
    handler: 'functions/http/resets/file-reset-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer'],
    summary: 'File a password reset for a member or an institution mailbox of the officer’s institution, with the signed form’s data',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
    sendsSms: true,
    sendsTo: ['email'],
  },
  {
    id: 'approveResetRequest',
    method: 'POST',
    path: '/v1/reset-requests/{requestId}/approve',
    handler: 'functions/http/resets/approve-reset-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['approver'],
    summary: 'Two-person profiles: approve a reset request (not the filing officer); the password goes to the member by SMS',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
    sendsSms: true,
    sendsTo: ['email'],
  },
  {
    id: 'rejectResetRequest',
    method: 'POST',
    path: '/v1/reset-requests/{requestId}/reject',
    handler: 'functions/http/resets/reject-reset-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['approver'],
    summary: 'Two-person profiles: reject a reset request with a reason',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'getResetRequest',
    method: 'GET',
    path: '/v1/reset-requests/{requestId}',
    handler: 'functions/http/resets/get-reset-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'operator'],
    summary: 'One reset request and its state (never a password)',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listResetRequests',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/reset-requests',
    handler: 'functions/http/resets/list-reset-requests.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'operator'],
    summary: 'An institution’s reset requests by state, oldest first, paginated; overdue ones expire as they are read',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  // The signed form's scan (issue #16): the officer uploads it straight to the bucket and confirms it;
  // the institution's approver (and officers, operators) open it through a short-lived URL.
  {
    id: 'openFormScanUpload',
    method: 'POST',
    path: '/v1/reset-requests/{requestId}/form-scan/upload',
    handler: 'functions/http/resets/open-form-scan-upload.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer'],
    summary: 'A presigned PUT URL for the scan of the request’s signed form (PDF, PNG or JPEG; the content type is signed)',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
    buckets: { resetForms: 'write' },
  },
  {
    id: 'confirmFormScan',
    method: 'POST',
    path: '/v1/reset-requests/{requestId}/form-scan/confirm',
    handler: 'functions/http/resets/confirm-form-scan.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer'],
    summary: 'Record the uploaded scan on the request (its type, size and time); 413 when it is over the limit',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
    // Read: the uploaded object's size and type; delete: an oversized or unsupported upload is removed at once.
    buckets: { resetForms: 'readWrite' },
  },
  {
    id: 'getFormScan',
    method: 'GET',
    path: '/v1/reset-requests/{requestId}/form-scan',
    handler: 'functions/http/resets/get-form-scan.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'operator'],
    summary: 'A short-lived presigned GET URL of the request’s confirmed form scan (audited: form scan viewed)',
    tag: 'Delegated resets',
    tables: { directory: 'readWrite', audit: 'append' },
    buckets: { resetForms: 'read' },
  },
  // Institution mailboxes (issue #17 part 1): an institution's own mailbox under the staff's
  // password rules; its passwords go by SMS to a responsible staff member, whose change is itself
  // an approved request. Its resets are the delegated resets above (`mailboxId`).
  {
    id: 'registerInstitutionMailbox',
    method: 'POST',
    path: '/v1/institution-mailboxes',
    handler: 'functions/http/institution-mailboxes/register-institution-mailbox.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'operator'],
    summary: 'Register an institution mailbox: its Cognito account, its first temporary password by SMS to the responsible person',
    tag: 'Institution mailboxes',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword'],
    sendsSms: true,
  },
  {
    id: 'listInstitutionMailboxes',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/institution-mailboxes',
    handler: 'functions/http/institution-mailboxes/list-institution-mailboxes.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'school-admin', 'operator'],
    summary: 'An institution’s mailboxes by address, paginated: state, responsible person (phone masked), next deadline',
    tag: 'Institution mailboxes',
    tables: { directory: 'read' },
  },
  {
    id: 'getInstitutionMailbox',
    method: 'GET',
    path: '/v1/institution-mailboxes/{mailboxId}',
    handler: 'functions/http/institution-mailboxes/get-institution-mailbox.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'school-admin', 'operator'],
    summary: 'One institution mailbox: state, responsible person (phone masked), next deadline',
    tag: 'Institution mailboxes',
    tables: { directory: 'read' },
  },
  {
    id: 'fileResponsibleChange',
    method: 'POST',
    path: '/v1/institution-mailboxes/{mailboxId}/responsible-changes',
    handler: 'functions/http/institution-mailboxes/file-responsible-change.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'operator'],
    summary: 'Ask for another responsible person (a staff member of the institution); nothing moves until someone else approves',
    tag: 'Institution mailboxes',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'approveResponsibleChange',
    method: 'POST',
    path: '/v1/responsible-changes/{changeId}/approve',
    handler: 'functions/http/institution-mailboxes/approve-responsible-change.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['approver', 'officer', 'operator'],
    summary:
      'Approve a change of responsible person (not the one who filed it): applied at once, the new person told by SMS and sent the mailbox’s new password',
    tag: 'Institution mailboxes',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
    sendsSms: true,
    sendsTo: ['email'],
  },
  {
    id: 'rejectResponsibleChange',
    method: 'POST',
    path: '/v1/responsible-changes/{changeId}/reject',
    handler: 'functions/http/institution-mailboxes/reject-responsible-change.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['approver', 'officer', 'operator'],
    summary: 'Reject a change of responsible person, with a reason',
    tag: 'Institution mailboxes',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listResponsibleChanges',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/responsible-changes',
    handler: 'functions/http/institution-mailboxes/list-responsible-changes.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['officer', 'approver', 'operator'],
    summary: 'An institution’s changes of responsible person by state, oldest first; overdue ones expire as they are read',
    tag: 'Institution mailboxes',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'getForwarding',
    method: 'GET',
    path: '/v1/forwarding/{oldAddress}',
    handler: 'functions/http/forwarding/get-forwarding.ts',
    auth: 'machine',
    rule: 'machine',
    scopes: ['posta/forwarding.read'],
    summary: 'Mail router: the new address an old address forwards to, while its forwarding window is open',
    tag: 'Forwarding',
    tables: { directory: 'read' },
  },
  {
    id: 'listForwardings',
    method: 'GET',
    path: '/v1/forwarding',
    handler: 'functions/http/forwarding/list-forwardings.ts',
    auth: 'machine',
    rule: 'machine',
    scopes: ['posta/forwarding.read'],
    summary: 'Mail router: every active forwarding (old → new), paginated',
    tag: 'Forwarding',
    tables: { directory: 'read' },
    timeoutSeconds: 29,
  },
  {
    id: 'exportForwardings',
    method: 'GET',
    path: '/v1/forwarding.csv',
    handler: 'functions/http/forwarding/export-forwardings.ts',
    auth: 'machine',
    rule: 'machine',
    scopes: ['posta/forwarding.read'],
    summary: 'Mail router: active forwardings as CSV pages (next page cursor in `x-next-cursor`)',
    tag: 'Forwarding',
    tables: { directory: 'read' },
    timeoutSeconds: 29,
  },
  // Mailing groups (the Moscow circular). Moderators manage their own institution's lists,
  // operators any; every change and every out-of-scope refusal is audited, so each is bound to the
  // audit table. The export comes first: `/v1/groups/export` must not match `/v1/groups/{groupId}`.
  {
    id: 'exportGroups',
    method: 'GET',
    path: '/v1/groups/export',
    handler: 'functions/http/groups/export-groups.ts',
    auth: 'machine',
    rule: 'machine',
    scopes: ['posta/groups.read'],
    summary:
      'Mail system: every mailing list with owners and members (full), or those changed since an instant with deletions as tombstones; paginated',
    tag: 'Mailing groups',
    tables: { directory: 'read' },
    timeoutSeconds: 29,
  },
  {
    id: 'createGroup',
    method: 'POST',
    path: '/v1/groups',
    handler: 'functions/http/groups/create-group.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary:
      'Create a mailing list `<name>@<new mail domain>` in the moderator’s institution (the address is unique among lists and people)',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listInstitutionGroups',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/groups',
    handler: 'functions/http/groups/list-groups.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'The mailing lists of an institution, paginated',
    tag: 'Mailing groups',
    tables: { directory: 'read' },
  },
  {
    id: 'getGroup',
    method: 'GET',
    path: '/v1/groups/{groupId}',
    handler: 'functions/http/groups/get-group.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'One mailing list with its owners and members',
    tag: 'Mailing groups',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'updateGroup',
    method: 'PATCH',
    path: '/v1/groups/{groupId}',
    handler: 'functions/http/groups/update-group.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Change a mailing list’s posting mode (open / moderated), owners or display name',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'deleteGroup',
    method: 'DELETE',
    path: '/v1/groups/{groupId}',
    handler: 'functions/http/groups/delete-group.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Delete a mailing list (the export shows it as a tombstone)',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
    timeoutSeconds: 29,
  },
  {
    id: 'putGroupMember',
    method: 'PUT',
    path: '/v1/groups/{groupId}/members/{memberId}',
    handler: 'functions/http/groups/put-group-member.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Add a staff member (member id or address) to a mailing list; idempotent',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'removeGroupMember',
    method: 'DELETE',
    path: '/v1/groups/{groupId}/members/{memberId}',
    handler: 'functions/http/groups/remove-group-member.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Remove a member (member id or address) from a mailing list',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'requestToJoinGroup',
    method: 'POST',
    path: '/v1/groups/{groupId}/join-requests',
    handler: 'functions/http/groups/request-to-join.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['staff'],
    summary: 'A signed-in staff member asks to join a mailing list of their institution; a moderator decides',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listGroupJoinRequests',
    method: 'GET',
    path: '/v1/groups/{groupId}/join-requests',
    handler: 'functions/http/groups/list-join-requests.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Requests to join a mailing list, by state (pending by default), oldest first',
    tag: 'Mailing groups',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'decideGroupJoinRequest',
    method: 'POST',
    path: '/v1/groups/{groupId}/join-requests/{memberId}/decision',
    handler: 'functions/http/groups/decide-join-request.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['moderator', 'operator'],
    summary: 'Approve (the member joins the list) or reject a request to join',
    tag: 'Mailing groups',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  // Support desk (the Moscow circular's rights). Every route audits (`refused` when out of
  // scope), so each is bound to the audit table; `append` also lets the trail be queried.
  {
    id: 'supportVerifyCode',
    method: 'POST',
    path: '/v1/support/verify-code',
    handler: 'functions/http/support/verify-code.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Check a caller’s helpdesk support code against the member’s stored hash (rate-limited per agent)',
    tag: 'Support desk',
    // directory readWrite: the per-agent rate-limit counters live there.
    tables: { directory: 'readWrite', audit: 'append' },
    secrets: ['supportCodeKey'],
  },
  {
    id: 'supportGetMember',
    method: 'GET',
    path: '/v1/support/members/{memberId}',
    handler: 'functions/http/support/get-member.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'A member’s account status: state, masked phone, lock, next deadline, delivery failure, Cognito status',
    tag: 'Support desk',
    tables: { directory: 'read', audit: 'append' },
    userPool: ['cognito-idp:AdminGetUser'],
  },
  {
    id: 'supportMemberAudit',
    method: 'GET',
    path: '/v1/support/members/{memberId}/audit',
    handler: 'functions/http/support/member-audit.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'A member’s audit trail, newest first, paginated (the audit table’s byTarget index)',
    tag: 'Support desk',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'supportUnlockMember',
    method: 'POST',
    path: '/v1/support/members/{memberId}/unlock',
    handler: 'functions/http/support/unlock-member.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Enable a disabled account and clear an activation lock (reason required)',
    tag: 'Support desk',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminEnableUser'],
  },
  {
    id: 'supportResetPassword',
    method: 'POST',
    path: '/v1/support/members/{memberId}/reset-password',
    handler: 'functions/http/support/reset-password.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Reset and send a temporary password by SMS to the phone on record (never in the answer; reason required)',
    tag: 'Support desk',
    // The delegated reset's core (shared/resets): the member is told by email that a reset happened.
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
    sendsSms: true,
    sendsTo: ['email'],
  },
  {
    id: 'registerSharedMailbox',
    method: 'POST',
    path: '/v1/shared-mailboxes',
    handler: 'functions/http/support/register-shared-mailbox.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Register a shared (delegated) mailbox with its institution and delegation model',
    tag: 'Support desk',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'listSharedMailboxes',
    method: 'GET',
    path: '/v1/shared-mailboxes',
    handler: 'functions/http/support/list-shared-mailboxes.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Registered shared mailboxes of an institution in reach (all of them for operators and deployment-wide agents), paginated',
    tag: 'Support desk',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'supportGetDelegation',
    method: 'GET',
    path: '/v1/support/shared-mailboxes/{address}/delegation',
    handler: 'functions/http/support/get-delegation.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'A shared mailbox’s delegation model and its switches (who, when, why)',
    tag: 'Support desk',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'supportSetDelegation',
    method: 'PUT',
    path: '/v1/support/shared-mailboxes/{address}/delegation',
    handler: 'functions/http/support/set-delegation.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Switch a shared mailbox between management by rights and by login-password pair (reason required)',
    tag: 'Support desk',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'supportProgressReport',
    method: 'GET',
    path: '/v1/support/reports/progress',
    handler: 'functions/http/support/progress-report.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'operator'],
    summary: 'Members of an institution by state, from counters (one read)',
    tag: 'Support desk',
    tables: { directory: 'read', audit: 'append' },
  },
  // Lookups (issue #13): finding a member at the desk, within the caller's scope, from the sparse
  // `search` index, an address claim or a national ID's keyed hash — never a scan.
  {
    id: 'searchMembers',
    method: 'GET',
    path: '/v1/members',
    handler: 'functions/http/lookups/search-members.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['support', 'officer', 'approver', 'school-admin', 'operator'],
    summary:
      'Find members by exact login or national ID (deployment-wide), or in one institution by name, last phone digits, login start or state; masked answers',
    tag: 'Lookups',
    tables: { directory: 'read', audit: 'append' },
    secrets: ['nationalIdKey'],
  },
  {
    id: 'findUser',
    method: 'GET',
    path: '/v1/users/{login}',
    handler: 'functions/http/lookups/find-user.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'A sign-in account by login: its `sub`, which role assignments take',
    tag: 'Lookups',
    tables: { directory: 'read', audit: 'append' },
    userPool: ['cognito-idp:AdminGetUser'],
  },
  // Reports (issue #6): read from counters written where each event happens, never a scan.
  {
    id: 'deliveryReport',
    method: 'GET',
    path: '/v1/reports/delivery',
    handler: 'functions/http/reports/delivery-report.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin', 'support'],
    summary: 'Emails sent / rejected / bounced / complained and SMS sent / failed in a month, from counters',
    tag: 'Progress',
    tables: { directory: 'read', audit: 'append' },
  },
  {
    id: 'passwordExpiryReport',
    method: 'GET',
    path: '/v1/reports/password-expiry',
    handler: 'functions/http/reports/password-expiry-report.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin', 'support'],
    summary: 'Accounts closed, reopened this week, and (deployment-wide) deadlines due in the next 7 days',
    tag: 'Progress',
    tables: { directory: 'read', audit: 'append' },
  },
  // Audit trail queries (issue #6): by target or actor (the byTarget/byActor indexes) for
  // operators and auditors; by institution (its day×shard partitions, at most 31 days) for them
  // and the institution's own school admins. `append` grants Query too; never a scan. The
  // read-only `auditor` role (issue #16) is on these three routes, the institution registry's
  // listing and, like every role, its own `/v1/me` and password; on no route that changes
  // anything else (shared/auth/role-names.ts).
  {
    id: 'queryAudit',
    method: 'GET',
    path: '/v1/audit',
    handler: 'functions/http/audit/query-audit.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin', 'auditor'],
    summary: 'Audit records by target, actor or institution and time range, newest first, paginated',
    tag: 'Audit',
    tables: { directory: 'read', audit: 'append' },
    // The actors' logins for operators and auditors (shared/audit/actor-logins.ts).
    userPool: ['cognito-idp:AdminGetUser'],
  },
  {
    id: 'exportAudit',
    method: 'GET',
    path: '/v1/audit.csv',
    handler: 'functions/http/audit/export-audit.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin', 'auditor'],
    summary: 'The same audit query as CSV (formula-safe cells); the next cursor in `x-next-cursor`',
    tag: 'Audit',
    tables: { directory: 'read', audit: 'append' },
    // The actors' logins for operators and auditors (shared/audit/actor-logins.ts).
    userPool: ['cognito-idp:AdminGetUser'],
  },
  {
    id: 'verifyAudit',
    method: 'POST',
    path: '/v1/audit/verify',
    handler: 'functions/http/audit/verify-audit.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator', 'auditor'],
    summary:
      'Check an institution’s day of audit chains (every shard) against their MACs and the signed digests; name the first broken link; audited',
    tag: 'Audit',
    tables: { directory: 'read', audit: 'append' },
    auditDigests: 'verify',
  },
  // Role assignments (issue #6, #12): (role, institution) pairs in `PRINCIPAL#<sub>`/`ROLE#…`
  // items, read on every call; the Cognito group mirrors them for the token. Operators only;
  // every change is audited and signs the user out everywhere.
  {
    id: 'grantRole',
    method: 'PUT',
    path: '/v1/role-assignments/{sub}',
    handler: 'functions/http/roles/grant-role.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Grant a role in an institution (or a support reach); the user’s other roles stay; effective at once',
    tag: 'Roles',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUserGlobalSignOut'],
  },
  {
    id: 'revokeRole',
    method: 'DELETE',
    path: '/v1/role-assignments/{sub}/{role}',
    handler: 'functions/http/roles/revoke-role.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Revoke a role in one institution or everywhere; effective at once (not one’s own operator role: 409)',
    tag: 'Roles',
    tables: { directory: 'readWrite', audit: 'append' },
    userPool: ['cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUserGlobalSignOut'],
  },
  {
    id: 'listRoleAssignments',
    method: 'GET',
    path: '/v1/role-assignments',
    handler: 'functions/http/roles/list-role-assignments.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'Role assignments by role (optionally of one institution, paginated), or every pair one user holds',
    tag: 'Roles',
    tables: { directory: 'read' },
  },
  // Staff without a usable mobile (issue #17 part 3): filled by imports and SMS refusals.
  {
    id: 'listPhoneUpdates',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/phone-updates',
    handler: 'functions/http/phone-updates/list-phone-updates.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Staff of an institution without a usable mobile (missing, not valid, a landline, refused by SNS), with the reason, paginated',
    tag: 'Staff messages',
    tables: { directory: 'read' },
  },
  {
    id: 'exportPhoneUpdates',
    method: 'GET',
    path: '/v1/institutions/{institutionCode}/phone-updates.csv',
    handler: 'functions/http/phone-updates/export-phone-updates.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The phone-update list as CSV (formula-safe); the next cursor in `x-next-cursor`',
    tag: 'Staff messages',
    tables: { directory: 'read' },
  },
  // Messages to staff (issue #17 part 2): drafts, preview, send (the send-messages schedule fans out), approval, cancel.
  {
    id: 'createMessage',
    method: 'POST',
    path: '/v1/messages',
    handler: 'functions/http/messages/create-message.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary:
      'Write a message to a selection of staff (institutions, categories, states, roles, listed members, the phone-update list): a draft with the size of the selection',
    tag: 'Staff messages',
    tables: { directory: 'readWrite', audit: 'append' },
    timeoutSeconds: 29,
  },
  {
    id: 'listMessages',
    method: 'GET',
    path: '/v1/messages',
    handler: 'functions/http/messages/list-messages.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The messages written so far, newest first: every one (operators) or those to one institution, with state and delivery report',
    tag: 'Staff messages',
    tables: { directory: 'read' },
  },
  {
    id: 'getMessage',
    method: 'GET',
    path: '/v1/messages/{messageId}',
    handler: 'functions/http/messages/get-message.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'A message: its texts, selection, state and delivery report (sent, bounced, complained, SMS sent / failed)',
    tag: 'Staff messages',
    tables: { directory: 'read' },
  },
  {
    id: 'previewMessage',
    method: 'GET',
    path: '/v1/messages/{messageId}/preview',
    handler: 'functions/http/messages/preview-message.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'The message as one real recipient gets it (a named member of the selection, or its first), with the SMS size',
    tag: 'Staff messages',
    tables: { directory: 'read' },
  },
  {
    id: 'sendMessage',
    method: 'POST',
    path: '/v1/messages/{messageId}/send',
    handler: 'functions/http/messages/send-message.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Send a draft now or at a time; over the profile threshold it waits for a second operator’s approval',
    tag: 'Staff messages',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'approveMessage',
    method: 'POST',
    path: '/v1/messages/{messageId}/approve',
    handler: 'functions/http/messages/approve-message.ts',
    auth: 'jwt',
    rule: 'any',
    allow: ['operator'],
    summary: 'A second operator (not the one who wrote or sent it) approves a message over the threshold',
    tag: 'Staff messages',
    tables: { directory: 'readWrite', audit: 'append' },
  },
  {
    id: 'cancelMessage',
    method: 'POST',
    path: '/v1/messages/{messageId}/cancel',
    handler: 'functions/http/messages/cancel-message.ts',
    auth: 'jwt',
    rule: 'institution',
    allow: ['operator', 'school-admin'],
    summary: 'Cancel a message before its sending begins',
    tag: 'Staff messages',
    tables: { directory: 'readWrite', audit: 'append' },
  },
];

/**
 * Every route with an allow list reads the caller's roles from the directory table on every call
 * (`actorRoute`), and every refused call is audited before any use case runs: so each may read the
 * directory and append to the audit trail, declared once here.
 */
export const ROUTES: RouteDef[] = ROUTE_LIST.map((r) =>
  r.allow?.length ? { ...r, tables: { directory: r.tables?.directory ?? 'read', ...r.tables, audit: 'append' } } : r,
);

/**
 * The OAuth resource server machine clients get tokens for (Cognito's `client_credentials`
 * grant); a scope is requested as `<identifier>/<name>`.
 */
export const RESOURCE_SERVER = {
  identifier: 'posta',
  scopes: {
    'forwarding.read': 'Resolve and export old → new address forwarding (mail router)',
    'groups.read': 'Export mailing lists, their owners and members, full or changed since (mail system)',
  },
} as const;
export type MachineScope = `${typeof RESOURCE_SERVER.identifier}/${keyof typeof RESOURCE_SERVER.scopes}`;

/** Scope Cognito puts in every signed-in user's access token: `jwt` routes require it, so machine tokens open none. */
export const USER_TOKEN_SCOPE = 'aws.cognito.signin.user.admin';

/** Cognito groups (in shared/auth, so reading a caller's roles does not bundle the route list). */
export { ROLES, type Role } from './auth/role-names';

/** Email templates (names in shared/i18n, next to their texts). */
export { EMAIL_TEMPLATES, type EmailTemplateName } from './i18n/email-template-names';
