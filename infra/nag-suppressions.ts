import { Validations } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import {
  type Access,
  type BucketId,
  SECRETS,
  type SecretId,
  TABLES,
  type TableAccess,
  type TableId,
  type TriggerDef,
} from '../shared/catalog';
import { acknowledgeConsoleFindings } from './console-site';
import type { PostaFunction } from './posta-function';
import type { StatefulStack } from './stateful-stack';
import type { BoundFunction, StatelessStack } from './stateless-stack';

/**
 * Every cdk-nag finding Posta accepts, each acknowledged on the narrowest construct that raises it
 * and with the reason it is accepted. Anything not listed here fails `cdk synth`.
 */
export function acknowledgeNagFindings(stateful: StatefulStack, stateless: StatelessStack): void {
  acknowledgeUserPool(stateful);
  acknowledgeSecrets(stateful);
  for (const trigger of Object.values(stateful.triggers)) acknowledgeTrigger(trigger, stateful);
  for (const bound of Object.values(stateless.functions)) acknowledgeFunction(bound, stateful, stateless);
  for (const { def, route } of stateless.publicRoutes) {
    if (!def.publicBecause) throw new Error(`Route ${def.id} is public without a reason (catalog publicBecause)`);
    ack(route, 'AwsSolutions-APIG4', `Public by design (catalog auth "public"): ${def.publicBecause}`);
  }
  acknowledgeConsoleFindings(stateless.console);
  for (const dlq of stateless.deadLetterQueues) {
    const reason =
      'This is a dead-letter queue: a DLQ for the DLQ would only move the same messages; its alarm fires on the first message.';
    ack(dlq, 'AwsSolutions-SQS3', reason);
    ack(dlq, 'Serverless-SQSRedrivePolicy', reason);
  }
}

function acknowledgeUserPool(stateful: StatefulStack): void {
  ack(
    stateful.userPool,
    'AwsSolutions-COG2',
    'MFA is OPTIONAL at the pool (TOTP only) and REQUIRED by the API for the privileged roles (school-admin, officer, approver, support, operator): every staff route refuses a call that relies on one of them unless the caller has a TOTP factor active (403 mfa_required; Cognito then asks for the code at every sign-in). The staff register itself (a million teachers, accounts made from HR data, temporary passwords by SMS) is not enrolled: requiring it of everyone is a rollout decision for each ministry.',
  );
  ack(
    stateful.userPool,
    'AwsSolutions-COG8',
    'Essentials plan (enough for password history); Plus threat protection is priced per monthly active user and is a cost decision for each ministry.',
  );
  const smsRole = stateful.userPool.node.tryFindChild('smsRole');
  if (smsRole) {
    ack(
      smsRole,
      'AwsSolutions-IAM5[Resource::*]',
      'Cognito sends reset codes by SMS to phone numbers, and sns:Publish to a phone number has no resource ARN to scope it to.',
    );
  }
}

function acknowledgeSecrets(stateful: StatefulStack): void {
  for (const [id, secret] of Object.entries(stateful.secrets) as [SecretId, IConstruct][]) {
    ack(secret, 'AwsSolutions-SMG4', `Not rotated on purpose: ${SECRETS[id].arnEnv} names a key, and ${SECRETS[id].notRotatedBecause}`);
  }
}

/**
 * The action wildcards of CDK's bucket grants, per catalog access (`grantRead`, `grantPut`,
 * `grantReadWrite`): each is scoped to the one bound bucket and its objects.
 */
const BUCKET_GRANT_WILDCARDS: Record<Access, string[]> = {
  read: ['s3:GetBucket*', 's3:GetObject*', 's3:List*'],
  write: ['s3:Abort*'],
  readWrite: ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'],
  append: [], // tables only
};

function acknowledgeFunction({ fn, binding, trigger }: BoundFunction, stateful: StatefulStack, stateless: StatelessStack): void {
  const role = fn.role as IConstruct;
  ack(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWS managed basic execution policy: it only lets the function write its own CloudWatch Logs.',
  );
  const wildcard = ['X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions'];
  if (binding.sendsSms) wildcard.push('SMS to a phone number has no ARN (topics and endpoints are explicitly denied)');
  ack(role, 'AwsSolutions-IAM5[Resource::*]', `${wildcard.join('; ')}.`);
  for (const [id, access] of Object.entries(binding.tables ?? {}) as [TableId, TableAccess][]) {
    // A key-scoped binding grants the table alone (no index wildcard to acknowledge).
    if (TABLES[id].indexes.length === 0 || typeof access === 'object') continue;
    // cdk-nag names the table by the export its ARN is imported from. A route function's nested
    // stack imports it directly (not through a parameter: the stateful stack is not its parent),
    // under the same export name, so this matches functions in the parent and in route stacks.
    // exportValue() returns that same automatic export rather than creating another.
    const imported = stateless.resolve(stateful.exportValue(stateful.tables[id].tableArn)) as { 'Fn::ImportValue': string };
    ack(
      role,
      `AwsSolutions-IAM5[Resource::${imported['Fn::ImportValue']}/index/*]`,
      `Queries this table's own secondary indexes (${TABLES[id].indexes.map((i) => i.name).join(', ')}), granted by the table grant.`,
    );
  }
  for (const [id, access] of Object.entries(binding.buckets ?? {}) as [BucketId, Access][]) {
    const imported = stateless.resolve(stateful.exportValue(stateful.buckets[id].bucketArn)) as { 'Fn::ImportValue': string };
    ack(
      role,
      `AwsSolutions-IAM5[Resource::${imported['Fn::ImportValue']}/*]`,
      `Objects of the ${id} bucket only: uploads are keyed per import job, so the key is not known when the policy is written.`,
    );
    for (const action of BUCKET_GRANT_WILDCARDS[access]) {
      ack(
        role,
        `AwsSolutions-IAM5[Action::${action}]`,
        `CDK's ${access} grant on the ${id} bucket: the wildcard covers that access level's variants (versions, tags, ACL reads, multipart), on this bucket and its objects only.`,
      );
    }
  }

  if (binding.auditDigests) {
    const imported = stateless.resolve(stateful.exportValue(stateful.auditDigests.bucket.bucketArn)) as { 'Fn::ImportValue': string };
    ack(
      role,
      `AwsSolutions-IAM5[Resource::${imported['Fn::ImportValue']}/*]`,
      binding.auditDigests === 'sign'
        ? 'Digests of the audit-digests bucket only, one object per digest named by its time (unknown when the policy is written): GetObject and PutObject, never a delete; the bucket policy refuses any put without If-None-Match and Object Lock keeps every version.'
        : 'Digests of the audit-digests bucket only (GetObject): a verifier reads digests named by time, never writes or deletes one.',
    );
  }

  const node = fn.node.defaultChild as IConstruct;
  if (trigger === 'http') {
    ack(
      node,
      'Serverless-LambdaDLQ',
      'Invoked synchronously by API Gateway: the caller gets the error, there is no asynchronous event to keep.',
    );
  }
  if (trigger === 'queue') {
    ack(
      node,
      'Serverless-LambdaDLQ',
      "Invoked through an SQS event source mapping: failed messages go to the source queue's dead-letter queue.",
    );
    for (const mapping of fn.node.children.filter((c) => c instanceof EventSourceMapping)) {
      ack(
        mapping,
        'Serverless-LambdaEventSourceMappingDestination',
        "SQS event source mappings do not support on-failure destinations; the source queue's redrive policy sends failures to its dead-letter queue.",
      );
    }
  }
}

/** The user pool's sign-in triggers (stateful stack): the same defaults as every function, tables in the same stack. */
function acknowledgeTrigger({ fn, def }: { fn: PostaFunction; def: TriggerDef }, stateful: StatefulStack): void {
  const role = fn.role as IConstruct;
  ack(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWS managed basic execution policy: it only lets the function write its own CloudWatch Logs.',
  );
  ack(role, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.');
  for (const id of Object.keys(def.tables ?? {}) as TableId[]) {
    if (TABLES[id].indexes.length === 0) continue;
    const logicalId = stateful.getLogicalId(stateful.tables[id].node.defaultChild as CfnTable);
    ack(
      role,
      `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
      `This table's own secondary indexes (${TABLES[id].indexes.map((i) => i.name).join(', ')}), granted by the table grant.`,
    );
  }
  const node = fn.node.defaultChild as IConstruct;
  ack(
    node,
    'Serverless-LambdaDLQ',
    'Invoked synchronously by Cognito during a sign-in: the user gets the outcome, there is no asynchronous event to keep.',
  );
}

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
