import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { bind, bindQueue, bindTable } from '../../infra/bindings';
import { pascal } from '../../infra/construct-ids';
import { PostaFunction } from '../../infra/posta-function';
import { QUEUES, ROUTES, SCHEDULES, SECRETS, type SecretId, secretsOf, TRIGGERS } from '../../shared/catalog';
import { testApp } from './synth';

/** Each kind of binding on its own, on a scratch stack (including kinds the catalog does not use yet). */
function bound(binding: Parameters<typeof bind>[1]) {
  const stack = new Stack(testApp(), 'Scratch');
  const table = (id: string) => new Table(stack, id, { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const userPool = new UserPool(stack, 'Pool');
  const fn = new PostaFunction(stack, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' });
  bind(fn, binding, {
    tables: { directory: table('Directory'), audit: table('Audit'), idempotency: table('Idempotency') },
    buckets: { imports: new Bucket(stack, 'Imports'), resetForms: new Bucket(stack, 'ResetForms') },
    secrets: Object.fromEntries(Object.keys(SECRETS).map((id) => [id, new Secret(stack, pascal(id))])) as Record<SecretId, Secret>,
    auditDigests: {
      bucket: new Bucket(stack, 'Digests'),
      key: new Key(stack, 'DigestKey', { keySpec: KeySpec.ECC_NIST_P256, keyUsage: KeyUsage.SIGN_VERIFY }),
    },
    queues: { email: new Queue(stack, 'Email') },
    deadLetterQueues: { email: new Queue(stack, 'EmailDlq') },
    userPool,
    userPoolClient: userPool.addClient('Client'),
    email: {
      templatePrefix: 'p',
      templates: new Construct(stack, 'Templates'),
      from: 'a@b.example',
      configurationSetName: 'posta-set',
      resourceArns: ['arn:aws:ses:eu-west-1:1:identity/b.example'],
    },
  });
  const template = Template.fromStack(stack);
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
  const vars = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables;
  return { statements, vars };
}

/** Every action the function is allowed, flattened. */
const allowed = (statements: { Effect: string; Action: string | string[] }[], prefix: string): string[] =>
  statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => [s.Action].flat())
    .filter((a) => a.startsWith(prefix));

describe('bind', () => {
  it('sendsSms: publish to phone numbers only, topics and endpoints denied', () => {
    const { statements } = bound({ sendsSms: true });
    // Merged with X-Ray's statement, which is also resource `*`.
    const allow = statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sns:Publish'));
    expect(allow).toHaveLength(1);
    expect(allow[0].Resource).toBe('*');
    expect(statements).toContainEqual({ Action: 'sns:Publish', Effect: 'Deny', Resource: 'arn:aws:sns:*:*:*' });
  });

  it('userPool: the listed admin actions on this pool only, plus its ids', () => {
    const { statements, vars } = bound({ userPool: ['AdminGetUser', 'cognito-idp:AdminDisableUser'] });
    expect(statements).toContainEqual({
      Action: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminGetUser'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pool/), 'Arn'] },
    });
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(['USER_POOL_ID', 'USER_POOL_CLIENT_ID']));
  });

  it('sendsTo: send-only access and the queue URL', () => {
    const { statements, vars } = bound({ sendsTo: ['email'] });
    const sqs = statements.filter((s) => JSON.stringify(s.Action).includes('sqs:'));
    expect(sqs).toHaveLength(1);
    expect([sqs[0].Action].flat().sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(vars.EMAIL_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^Email/) });
  });

  it('redrives: a message move task from the dead-letter queue, sends to the queue only, and both URLs', () => {
    const { statements, vars } = bound({ redrives: ['email'] });
    const onQueue = (prefix: RegExp) =>
      statements
        .filter((s) => JSON.stringify(s.Resource).match(prefix))
        .flatMap((s) => [s.Action].flat())
        .sort();
    expect(onQueue(/EmailDlq/)).toEqual([
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ListMessageMoveTasks',
      'sqs:ReceiveMessage',
      'sqs:StartMessageMoveTask',
    ]);
    expect(onQueue(/"Email[0-9A-F]{8}"/)).toEqual(['sqs:GetQueueAttributes', 'sqs:SendMessage']);
    expect(vars.EMAIL_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^Email[0-9A-F]{8}$/) });
    expect(vars.EMAIL_QUEUE_DLQ_URL).toEqual({ Ref: expect.stringMatching(/^EmailDlq/) });
  });

  it('tables: write-only access never includes reads', () => {
    const { statements, vars } = bound({ tables: { audit: 'write' } });
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dynamodb:'));
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a: string) => /Get|Query|Scan/.test(a))).toEqual([]);
    expect(Object.keys(vars).filter((k) => k.endsWith('_TABLE'))).toEqual(['AUDIT_TABLE']);
  });

  it('no function may change the audit trail: writers only append, the digest job only reads', () => {
    const bindings = [...ROUTES, ...Object.values(QUEUES), ...SCHEDULES, ...TRIGGERS];
    const auditAccess = bindings.flatMap((b) => (b.tables?.audit ? [b.tables.audit] : []));
    expect(auditAccess.length).toBeGreaterThan(0);
    expect(new Set(auditAccess)).toEqual(new Set(['append', 'read']));
    const readers = SCHEDULES.filter((s) => s.tables?.audit === 'read').map((s) => s.id);
    expect(readers).toEqual(['audit-digest']);
  });

  it('the audit chain key goes with appending to (or verifying) the trail, and nowhere else', () => {
    for (const b of [...ROUTES, ...Object.values(QUEUES), ...SCHEDULES, ...TRIGGERS]) {
      const chains = b.tables?.audit === 'append' || ('auditDigests' in b && b.auditDigests === 'verify');
      expect({ id: b.id, key: secretsOf(b).includes('auditChainKey') }).toEqual({ id: b.id, key: chains });
    }
    const { vars } = bound({ tables: { audit: 'append' } });
    expect(vars.AUDIT_CHAIN_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^AuditChainKey/) });
  });

  it('audit digests: only the digest job signs; a verifier reads digests and the public key; nobody deletes', () => {
    const signers = [...ROUTES, ...Object.values(QUEUES), ...SCHEDULES].filter((b) => b.auditDigests === 'sign').map((b) => b.id);
    expect(signers).toEqual(['audit-digest']);
    // The signer holds no audit writer's access: it cannot append records it then signs.
    expect(SCHEDULES.find((s) => s.id === 'audit-digest')?.tables).toEqual({ audit: 'read' });

    const sign = bound({ auditDigests: 'sign' });
    expect(allowed(sign.statements, 'kms:')).toEqual(['kms:Sign']);
    expect(allowed(sign.statements, 's3:').sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(Object.keys(sign.vars)).toEqual(expect.arrayContaining(['AUDIT_DIGEST_BUCKET', 'AUDIT_DIGEST_KEY_ID']));

    const verify = bound({ auditDigests: 'verify' });
    expect(allowed(verify.statements, 'kms:')).toEqual(['kms:GetPublicKey']);
    expect(allowed(verify.statements, 's3:').sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    const append = bound({ tables: { audit: 'append' } });
    expect(allowed(append.statements, 'kms:')).toEqual([]);
  });

  it('tables append (the audit trail): put and read a chain tail, never update, delete or batch-write', () => {
    const { statements, vars } = bound({ tables: { audit: 'append' } });
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dynamodb:'));
    expect(actions.sort()).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(vars.AUDIT_TABLE).toBeDefined();
  });

  it('buckets write: may sign presigned PUTs (PutObject on the objects), never read, plus the bucket name', () => {
    const { statements, vars } = bound({ buckets: { imports: 'write' } });
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toHaveLength(1);
    expect([s3[0].Action].flat()).toContain('s3:PutObject');
    expect(allowed(statements, 's3:').filter((a) => /Get|List|Delete/.test(a))).toEqual([]);
    expect(s3[0].Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Imports/), 'Arn'] }, '/*']] });
    expect(vars.IMPORTS_BUCKET).toEqual({ Ref: expect.stringMatching(/^Imports/) });
  });

  it('buckets read: reads only', () => {
    const { statements, vars } = bound({ buckets: { imports: 'read' } });
    const actions = allowed(statements, 's3:');
    expect(actions).toContain('s3:GetObject*');
    expect(actions.filter((a) => /Put|Delete|Abort/.test(a))).toEqual([]);
    expect(vars.IMPORTS_BUCKET).toEqual({ Ref: expect.stringMatching(/^Imports/) });
  });

  it('buckets readWrite: reads and writes', () => {
    const actions = allowed(bound({ buckets: { imports: 'readWrite' } }).statements, 's3:');
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject', 's3:DeleteObject*']));
  });

  it('secrets: read of that secret, and its ARN (never the value) in the environment', () => {
    const { statements, vars } = bound({ secrets: ['nationalIdKey'] });
    const sm = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(sm).toEqual([
      {
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: { Ref: expect.stringMatching(/^NationalIdKey/) },
      },
    ]);
    expect(vars.NATIONAL_ID_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^NationalIdKey/) });
    expect(vars.NATIONAL_ID_KEY).toBeUndefined();
  });

  it('a function in a nested stack: parent queues come in as parameters, another stack’s tables as imports', () => {
    const app = testApp();
    const data = new Stack(app, 'Data');
    const table = new Table(data, 'Directory', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    const parent = new Stack(app, 'Parent');
    const queue = new Queue(parent, 'Email');
    const nested = new NestedStack(parent, 'Routes');
    const fn = new PostaFunction(nested, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' });
    bindQueue(fn, 'email', queue);
    bindTable(fn, 'directory', 'read', table);
    const inner = Template.fromStack(nested).toJSON();
    const vars = Object.values(Template.fromStack(nested).findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables;
    // The queue URL: a parameter of the nested stack, fed the queue's Ref by the parent.
    const param = vars.EMAIL_QUEUE_URL.Ref;
    expect(Object.keys(inner.Parameters)).toContain(param);
    const stackResource = Object.values(Template.fromStack(parent).findResources('AWS::CloudFormation::Stack'))[0];
    expect(stackResource?.Properties.Parameters[param]).toEqual({ Ref: expect.stringMatching(/^Email/) });
    // The table name: imported straight from the data stack's export, and the parent deploys after it.
    expect(vars.DIRECTORY_TABLE).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Data:ExportsOutputRefDirectory/) });
    expect(
      app
        .synth()
        .getStackByName('Parent')
        .dependencies.map((d) => d.id),
    ).toContain('Data');
  });

  it('sendsTo: a queue consumer sending to its own queue creates no dependency cycle', () => {
    const stack = new Stack(testApp(), 'SelfSend');
    const queue = new Queue(stack, 'Work');
    const fn = new PostaFunction(stack, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' });
    fn.addEventSource(new SqsEventSource(queue, { batchSize: 1, reportBatchItemFailures: true }));
    bindQueue(fn, 'import', queue);
    const template = Template.fromStack(stack);
    const vars = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables;
    expect(vars.IMPORT_QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^Work/) });
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});
