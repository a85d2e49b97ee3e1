import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { QUEUES, ROUTES, SCHEDULES, TABLES, type TableId } from '../../shared/catalog';
import { allEmailTemplates } from '../../shared/i18n/email-templates';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { only, synth } from './synth';

/** EventBridge's six-field form of a catalog cron, as AWS documents it. */
function cronExpression(c: (typeof SCHEDULES)[number]['cron']): string {
  return `cron(${c.minute} ${c.hour} ${c.day ?? (c.weekDay ? '?' : '*')} ${c.month ?? '*'} ${c.weekDay ?? '?'} *)`;
}

const functionCount = ROUTES.length + SCHEDULES.length + Object.keys(QUEUES).length;

describe.each(PROFILE_IDS)('stateless stack (%s)', (profileId) => {
  const profile = loadProfile(profileId);
  const template = () => synth(profileId).statelessTemplate;
  const fnByDescription = (description: string) => only(template(), 'AWS::Lambda::Function', { Description: description });

  it('has one function per route, schedule and queue consumer, all Node 22 on arm64 with X-Ray', () => {
    const functions = Object.values(template().findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(functionCount);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POSTA_PROFILE: profileId,
            POWERTOOLS_SERVICE_NAME: 'posta',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    }
  });

  it('gives every function log group a retention', () => {
    const groups = Object.values(template().findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(functionCount + 1); // + the API access log
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it.each(ROUTES)('route $method $path: auth $auth', (def) => {
    const route = only(template(), 'AWS::ApiGatewayV2::Route', { RouteKey: `${def.method} ${def.path}` });
    if (def.auth === 'jwt') {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: expect.any(String) });
    } else {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('has no route the catalog does not list', () => {
    const keys = Object.values(template().findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('checks JWTs against the user pool for the app client', () => {
    template().resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('default stage: auto-deployed, throttled, JSON access logs', () => {
    template().resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const stage = only(template(), 'AWS::ApiGatewayV2::Stage', { StageName: '$default' }).Properties;
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
  });

  it.each(Object.values(QUEUES))('queue $id: DLQ, redrive, encryption, TLS-only', (def) => {
    const queue = only(template(), 'AWS::SQS::Queue', { VisibilityTimeout: def.visibilityTimeoutSeconds });
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      maxReceiveCount: def.maxReceiveCount,
    });
    const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    const dlq = template().toJSON().Resources[dlqId];
    expect(dlq.Type).toBe('AWS::SQS::Queue');
    expect(dlq.Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    // enforceSSL: both queues deny non-TLS access
    const policies = Object.values(template().findResources('AWS::SQS::QueuePolicy'));
    for (const id of [dlqId]) {
      const policy = policies.find((p) => p.Properties.Queues.some((q: { Ref: string }) => q.Ref === id));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(Object.values(QUEUES))('queue $id: consumer reports partial batch failures within its concurrency', (def) => {
    const queueId = Object.entries(
      template().findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: def.visibilityTimeoutSeconds } }),
    )[0]?.[0];
    const mapping = only(template(), 'AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });
    expect(mapping.Properties).toMatchObject({
      BatchSize: def.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: def.maxConcurrency },
    });
    const consumer = fnByDescription(`queue: ${def.id}-consumer`);
    expect(consumer.Properties.Timeout).toBe(def.timeoutSeconds);
    expect(def.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * def.timeoutSeconds);
  });

  it('has one rule per schedule, with the catalog cron, targeting its function', () => {
    template().resourceCountIs('AWS::Events::Rule', SCHEDULES.length);
    for (const def of SCHEDULES) {
      const rule = only(template(), 'AWS::Events::Rule', { ScheduleExpression: cronExpression(def.cron) });
      expect(rule.Properties.State).toBe('ENABLED');
      const [target] = rule.Properties.Targets;
      expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      const fnId = target.Arn['Fn::GetAtt'][0];
      expect(template().toJSON().Resources[fnId].Properties.Description).toBe(`schedule: ${def.id}`);
      expect(template().toJSON().Resources[fnId].Properties.DeadLetterConfig).toEqual({ TargetArn: target.DeadLetterConfig.Arn });
    }
  });

  const everyFunction = [
    ...ROUTES.map((r) => ({ description: `http: ${r.id}`, binding: r })),
    ...SCHEDULES.map((s) => ({ description: `schedule: ${s.id}`, binding: s })),
    ...Object.values(QUEUES).map((q) => ({ description: `queue: ${q.id}-consumer`, binding: q })),
  ];

  it.each(everyFunction)('$description sees exactly the tables, queues and services it is bound to', ({ description, binding }) => {
    const vars: Record<string, unknown> = fnByDescription(description).Properties.Environment.Variables;
    for (const [id, def] of Object.entries(TABLES)) {
      expect(vars[def.env] !== undefined, `${def.env}`).toBe(binding.tables?.[id as TableId] !== undefined);
    }
    for (const def of Object.values(QUEUES)) {
      expect(vars[def.env] !== undefined, def.env).toBe(binding.sendsTo?.includes(def.id) ?? false);
    }
    expect('USER_POOL_ID' in vars).toBe(Boolean(binding.userPool?.length));
    if (binding.sendsEmail) {
      expect(vars.EMAIL_FROM).toBe(profile.emailFrom);
      expect(vars.EMAIL_TEMPLATE_PREFIX).toBe(`posta-${profileId}-stateless`);
    } else {
      expect(vars.EMAIL_FROM).toBeUndefined();
    }
  });

  it('grants read-only table access to read-only bindings', () => {
    for (const { description, binding } of everyFunction) {
      const readOnly = Object.entries(binding.tables ?? {}).every(([, access]) => access === 'read');
      if (!readOnly) continue;
      const role = fnByDescription(description).Properties.Role['Fn::GetAtt'][0];
      const policies = Object.values(template().findResources('AWS::IAM::Policy')).filter((p) =>
        p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role),
      );
      const actions = policies.flatMap((p) =>
        p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => s.Action),
      );
      expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    }
  });

  it('creates every email template in every locale, named <stack>-<name>-<locale>', () => {
    const names = Object.values(template().findResources('AWS::SES::Template')).map((t) => t.Properties.Template.TemplateName);
    expect(names.sort()).toEqual(
      allEmailTemplates()
        .map((t) => `posta-${profileId}-stateless-${t.name}-${t.locale}`)
        .sort(),
    );
  });

  it('lets email senders use only this stack’s templates and the sender identity', () => {
    for (const def of Object.values(QUEUES).filter((q) => q.sendsEmail)) {
      const role = fnByDescription(`queue: ${def.id}-consumer`).Properties.Role['Fn::GetAtt'][0];
      const policy = Object.values(template().findResources('AWS::IAM::Policy')).find((p) =>
        p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role),
      );
      const ses = policy?.Properties.PolicyDocument.Statement.find((s: { Action: unknown }) => JSON.stringify(s.Action).includes('ses:'));
      expect(ses.Action).toEqual(['ses:SendEmail', 'ses:SendTemplatedEmail']);
      const resources = JSON.stringify(ses.Resource);
      expect(resources).not.toContain('*');
      expect(ses.Resource).toHaveLength(2 + allEmailTemplates().length);
    }
  });

  it('outputs the API URL, user pool id and client id', () => {
    const outputs = template().toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});
