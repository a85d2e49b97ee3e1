/**
 * The one list of what Posta deploys: tables, queues, schedules and HTTP routes.
 * The CDK app (infra/) and the local runner (local/) both read this file, so a route, a
 * schedule or a consumer added here exists in the cloud and on a laptop alike.
 *
 * Entries are data only (no AWS or CDK imports): keep it that way so every side can load it.
 */

export type TableId = 'directory' | 'audit' | 'idempotency';
export type QueueId = 'email';
export type Access = 'read' | 'write' | 'readWrite';

export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
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

export interface Binding {
  tables?: Partial<Record<TableId, Access>>;
  /** Queues this function sends to. */
  sendsTo?: QueueId[];
  /** Cognito admin actions this function calls on the user pool. */
  userPool?: string[];
  sendsEmail?: boolean;
  sendsSms?: boolean;
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
  /** Attempts before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
  timeoutSeconds: number;
  /** Upper bound of concurrent consumers: this is how a downstream quota (SES, SNS) is respected. */
  maxConcurrency: number;
  purpose: string;
}

export const QUEUES: Record<QueueId, QueueDef> = {
  email: {
    id: 'email',
    env: 'EMAIL_QUEUE_URL',
    consumer: 'functions/consumers/send-email.ts',
    batchSize: 10,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    timeoutSeconds: 30,
    maxConcurrency: 5,
    tables: { idempotency: 'readWrite' },
    sendsEmail: true,
    purpose: 'Templated, localized emails; one message per recipient and business key',
  },
};

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
];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef extends Binding {
  /** Also the function's construct id and the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/lots/{lotId}`. */
  path: string;
  handler: string;
  /** `public`: no token. `jwt`: a Cognito access token checked by the API's authorizer. */
  auth: 'public' | 'jwt';
  summary: string;
  tag: string;
  timeoutSeconds?: number;
}

export const ROUTES: RouteDef[] = [
  {
    id: 'health',
    method: 'GET',
    path: '/health',
    handler: 'functions/http/health.ts',
    auth: 'public',
    summary: 'Liveness and dependency check',
    tag: 'Operations',
    tables: { directory: 'read' },
  },
  {
    id: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    handler: 'functions/http/openapi.ts',
    auth: 'public',
    summary: 'This API, as an OpenAPI 3.1 document',
    tag: 'Operations',
  },
  {
    id: 'getMe',
    method: 'GET',
    path: '/v1/me',
    handler: 'functions/http/me.ts',
    auth: 'jwt',
    summary: 'The signed-in user: login, roles and profile',
    tag: 'Account',
  },
];

/** Cognito groups: a user's role. Scope (institution, region) lives server-side in DynamoDB. */
export const ROLES = ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

/** Email templates: each exists in every locale as `<prefix>-<name>-<locale>`. */
export const EMAIL_TEMPLATES = ['password-changed'] as const;
export type EmailTemplateName = (typeof EMAIL_TEMPLATES)[number];
