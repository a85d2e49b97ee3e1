import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { bind } from '../../infra/bindings';
import { PostaFunction } from '../../infra/posta-function';
import { testApp } from './synth';

/** Bindings the catalog does not use yet (SMS, Cognito admin, queue producers), on a scratch stack. */
function bound(binding: Parameters<typeof bind>[1]) {
  const stack = new Stack(testApp(), 'Scratch');
  const table = (id: string) => new Table(stack, id, { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const userPool = new UserPool(stack, 'Pool');
  const fn = new PostaFunction(stack, 'Fn', { entry: 'functions/http/health.ts', profileId: 'tr-meb' });
  bind(fn, binding, {
    tables: { directory: table('Directory'), audit: table('Audit'), idempotency: table('Idempotency') },
    queues: { email: new Queue(stack, 'Email') },
    userPool,
    userPoolClient: userPool.addClient('Client'),
    email: { templatePrefix: 'p', from: 'a@b.example', resourceArns: ['arn:aws:ses:eu-west-1:1:identity/b.example'] },
  });
  const template = Template.fromStack(stack);
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
  const vars = Object.values(template.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment.Variables;
  return { statements, vars };
}

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

  it('tables: write-only access never includes reads', () => {
    const { statements, vars } = bound({ tables: { audit: 'write' } });
    const actions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('dynamodb:'));
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a: string) => /Get|Query|Scan/.test(a))).toEqual([]);
    expect(Object.keys(vars).filter((k) => k.endsWith('_TABLE'))).toEqual(['AUDIT_TABLE']);
  });
});
