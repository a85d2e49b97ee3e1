import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, PostAuthenticationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const db = mockClient(DynamoDBDocumentClient);

describe('post-authentication handler', () => {
  beforeAll(() => {
    vi.stubEnv('DIRECTORY_TABLE', 'Directory');
    vi.stubEnv('AUDIT_TABLE', 'Audit');
    vi.stubEnv('AUDIT_CHAIN_KEY', 'unit-test-audit-chain-key-0123456789abcdef');
    vi.stubEnv('POSTA_PROFILE', 'it-miur');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    db.restore();
  });

  const event = {
    version: '1',
    triggerSource: 'PostAuthentication_Authentication',
    region: 'eu-south-1',
    userPoolId: 'pool',
    userName: 'maria.bianchi@posta.istruzione.it',
    callerContext: { awsSdkVersion: 'x', clientId: 'c' },
    request: { userAttributes: { sub: 's', 'cognito:user_status': 'CONFIRMED' }, newDeviceUsed: false },
    response: {},
  } as PostAuthenticationTriggerEvent;
  const context = { awsRequestId: 'req-1' } as Context;

  it('returns the event (never blocks the sign-in) when the directory cannot be read', async () => {
    db.reset();
    db.on(GetCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    const { handler } = await import('../../functions/triggers/post-authentication');
    await expect(handler(event, context)).resolves.toBe(event);
    expect(db.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('returns the event for a login without a member record, writing nothing', async () => {
    db.reset();
    db.on(GetCommand).resolves({});
    const { handler } = await import('../../functions/triggers/post-authentication');
    await expect(handler({ ...event, userName: 'demo.operator@posta.istruzione.it' }, context)).resolves.toMatchObject({
      userName: 'demo.operator@posta.istruzione.it',
    });
    expect(db.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetCommand']);
  });
});
