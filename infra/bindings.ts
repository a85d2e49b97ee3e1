import type { Stack } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  type Access,
  AUDIT_DIGESTS,
  type AuditDigestAccess,
  type Binding,
  BUCKETS,
  type BucketId,
  deadLetterQueueEnv,
  type ItemAccess,
  QUEUES,
  type QueueId,
  SECRETS,
  type SecretId,
  secretsOf,
  TABLES,
  type TableAccess,
  type TableId,
} from '../shared/catalog';
import type { PostaFunction } from './posta-function';
import type { AuditDigestTargets } from './stateful-stack';

/** What a catalog `Binding` can point at; the stateless stack fills it once and binds every function. */
export interface BindTargets {
  tables: Record<TableId, ITable>;
  buckets: Record<BucketId, IBucket>;
  secrets: Record<SecretId, ISecret>;
  queues: Partial<Record<QueueId, IQueue>>;
  /** Each queue's dead-letter queue (what a redrive moves back from). */
  deadLetterQueues: Partial<Record<QueueId, IQueue>>;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  email: EmailTarget;
  auditDigests: AuditDigestTargets;
}

export interface EmailTarget {
  templatePrefix: string;
  from: string;
  /** Every send goes through it, so SES publishes its bounces and complaints. */
  configurationSetName: string;
  /** SES identity, template and configuration set ARNs the senders may use, nothing else. */
  resourceArns: string[];
}

/** Grants a function exactly what its catalog entry declares and tells it where to find it. */
export function bind(fn: PostaFunction, binding: Binding, targets: BindTargets): void {
  for (const [id, access] of Object.entries(binding.tables ?? {}) as [TableId, TableAccess][]) {
    bindTable(fn, id, access, targets.tables[id]);
  }
  for (const [id, access] of Object.entries(binding.buckets ?? {}) as [BucketId, Access][]) {
    bindBucket(fn, id, access, targets.buckets[id]);
  }
  for (const id of secretsOf(binding)) bindSecret(fn, id, targets.secrets[id]);
  for (const id of binding.sendsTo ?? []) {
    const queue = targets.queues[id];
    if (!queue) throw new Error(`Queue "${id}" is bound before it was created`);
    bindQueue(fn, id, queue);
  }
  for (const id of binding.redrives ?? []) {
    const queue = targets.queues[id];
    const dlq = targets.deadLetterQueues[id];
    if (!queue || !dlq) throw new Error(`Queue "${id}" is redriven before it was created`);
    bindRedrive(fn, id, queue, dlq);
  }
  if (binding.userPool?.length) bindUserPool(fn, binding.userPool, targets.userPool, targets.userPoolClient);
  if (binding.sendsEmail) bindEmail(fn, targets.email);
  if (binding.sendsSms) bindSms(fn);
  if (binding.auditDigests) bindAuditDigests(fn, binding.auditDigests, targets.auditDigests);
}

export function bindTable(fn: PostaFunction, id: TableId, access: TableAccess, table: ITable): void {
  if (typeof access === 'object') for (const grant of [access].flat()) bindItems(fn, grant, table);
  else if (access === 'read') table.grantReadData(fn);
  else if (access === 'write') table.grantWriteData(fn);
  else if (access === 'append') table.grant(fn, 'dynamodb:PutItem', 'dynamodb:Query');
  else table.grantReadWriteData(fn);
  fn.addEnvironment(TABLES[id].env, table.tableName);
}

/**
 * Key-scoped access: the listed item actions on the table itself (no index), only on items whose
 * partition key starts with one of the prefixes. `ForAllValues` checks every key a request names
 * (a transaction's or batch's items each count), and no Scan is granted, which has none.
 */
function bindItems(fn: PostaFunction, access: ItemAccess, table: ITable): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: access.actions.map((a) => `dynamodb:${a}`),
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.leadingKeys.map((k) => `${k}*`) } },
    }),
  );
}

/** `write` is `grantPut`: enough to sign the presigned PUT URLs uploads go through, and no reads. */
export function bindBucket(fn: PostaFunction, id: BucketId, access: Access, bucket: IBucket): void {
  if (access === 'read') bucket.grantRead(fn);
  else if (access === 'write') bucket.grantPut(fn);
  else bucket.grantReadWrite(fn);
  fn.addEnvironment(BUCKETS[id].env, bucket.bucketName);
}

/**
 * The function gets the secret's ARN and reads the value itself at cold start, so the value never
 * sits in the function's configuration. `valueEnv` is for the local runner only and stays unset here.
 */
export function bindSecret(fn: PostaFunction, id: SecretId, secret: ISecret): void {
  secret.grantRead(fn);
  fn.addEnvironment(SECRETS[id].arnEnv, secret.secretArn);
}

/**
 * Send-only access plus the URL. A consumer may send to its own queue (the import consumer
 * enqueues the next chunk): the grant lands in the function's role policy and the queue never
 * references the function, so there is no dependency cycle.
 */
export function bindQueue(fn: PostaFunction, id: QueueId, queue: IQueue): void {
  queue.grantSendMessages(fn);
  fn.addEnvironment(QUEUES[id].env, queue.queueUrl);
}

/**
 * The audit digests. `sign` (the digest job): list and read digests (to find and hash the previous
 * one), put new ones (the bucket policy refuses any put that is not `If-None-Match: *`), and
 * `kms:Sign` with the digest key. `verify`: list and read digests, and the key's public half.
 * Neither may delete, and only `sign` may sign.
 */
export function bindAuditDigests(fn: PostaFunction, access: AuditDigestAccess, { bucket, key }: AuditDigestTargets): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: access === 'sign' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  key.grant(fn, access === 'sign' ? 'kms:Sign' : 'kms:GetPublicKey');
  fn.addEnvironment(AUDIT_DIGESTS.bucketEnv, bucket.bucketName);
  fn.addEnvironment(AUDIT_DIGESTS.keyIdEnv, key.keyArn);
}

/**
 * A redrive: SQS's message move task from the dead-letter queue back to its queue (start, list,
 * and the receive/delete/send a move task performs on the caller's behalf), plus both URLs.
 */
export function bindRedrive(fn: PostaFunction, id: QueueId, queue: IQueue, dlq: IQueue): void {
  dlq.grant(
    fn,
    'sqs:StartMessageMoveTask',
    'sqs:ListMessageMoveTasks',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  );
  queue.grant(fn, 'sqs:SendMessage', 'sqs:GetQueueAttributes');
  fn.addEnvironment(QUEUES[id].env, queue.queueUrl);
  fn.addEnvironment(deadLetterQueueEnv(id), dlq.queueUrl);
}

export function bindUserPool(fn: PostaFunction, actions: string[], pool: IUserPool, client: IUserPoolClient): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: actions.map((a) => (a.startsWith('cognito-idp:') ? a : `cognito-idp:${a}`)),
      resources: [pool.userPoolArn],
    }),
  );
  fn.addEnvironment('USER_POOL_ID', pool.userPoolId);
  fn.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
}

export function bindEmail(fn: PostaFunction, email: EmailTarget): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendTemplatedEmail'], resources: email.resourceArns }));
  fn.addEnvironment('EMAIL_TEMPLATE_PREFIX', email.templatePrefix);
  fn.addEnvironment('EMAIL_FROM', email.from);
  fn.addEnvironment('EMAIL_CONFIGURATION_SET', email.configurationSetName);
}

/**
 * SMS straight to a phone number has no resource ARN, so the allow needs `*`; the deny on every
 * SNS ARN keeps that `*` from reaching topics or push endpoints.
 */
export function bindSms(fn: PostaFunction): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
  fn.addToRolePolicy(new PolicyStatement({ effect: Effect.DENY, actions: ['sns:Publish'], resources: ['arn:aws:sns:*:*:*'] }));
}

/** SES ARNs for the sender identity (address and its domain) and the named templates. */
export function sesResourceArns(stack: Stack, from: string, templateNames: string[]): string[] {
  const domain = from.split('@')[1] ?? from;
  const arn = (resource: string, resourceName: string) => stack.formatArn({ service: 'ses', resource, resourceName });
  return [arn('identity', from), arn('identity', domain), ...templateNames.map((n) => arn('template', n))];
}
