import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { pascal } from '../../infra/construct-ids';
import {
  AUDIT_DIGESTS,
  BUCKETS,
  type BucketId,
  DEAD_LETTERED_TWICE,
  deadLetterQueueEnv,
  itemGrants,
  QUEUES,
  ROLES,
  ROUTES,
  SCHEDULES,
  SECRETS,
  secretsOf,
  TABLES,
  type TableId,
  USER_TOKEN_SCOPE,
} from '../../shared/catalog';
import { allEmailTemplates } from '../../shared/i18n/email-templates';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { findFunction, nestedStackResource, only, synth } from './synth';

/** EventBridge's six-field form of a catalog cron, as AWS documents it. */
function cronExpression(c: (typeof SCHEDULES)[number]['cron']): string {
  return `cron(${c.minute} ${c.hour} ${c.day ?? (c.weekDay ? '?' : '*')} ${c.month ?? '*'} ${c.weekDay ?? '?'} *)`;
}

const functionCount = ROUTES.length + SCHEDULES.length + Object.keys(QUEUES).length;

// The API's authorizer only checks the token; each function checks the caller's role against `allow`.
describe.each(ROUTES.filter((r) => r.auth === 'jwt'))('jwt route $id', (def) => {
  it('names the roles allowed to call it', () => {
    expect(def.allow?.length).toBeGreaterThan(0);
    for (const role of def.allow ?? []) expect(ROLES).toContain(role);
    expect(new Set(def.allow).size).toBe(def.allow?.length);
  });
});

describe.each(PROFILE_IDS)('stateless stack (%s)', (profileId) => {
  const profile = loadProfile(profileId);
  const template = () => synth(profileId).statelessTemplate;
  /** A function wherever it lives (this stack or a nested route stack), with the template holding its role, policies and logs. */
  const located = (description: string) => findFunction(synth(profileId).functionTemplates, description);
  const fnByDescription = (description: string) => located(description).resource;
  /** Every resource of `type` in this stack and its nested route stacks. */
  const everywhere = (type: string) => synth(profileId).functionTemplates.flatMap((t) => Object.values(t.findResources(type)));
  /** Posta's own functions, by their description; the console's deployment brings CDK's copy function besides. */
  const posta = (fn: { Properties?: { Description?: string } }) => /^(http|schedule|queue): /.test(fn.Properties?.Description ?? '');

  it('has one function per route, schedule and queue consumer, all Node 24 on arm64 with X-Ray', () => {
    const functions = everywhere('AWS::Lambda::Function').filter(posta);
    expect(functions).toHaveLength(functionCount);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
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

  it('keeps schedule and queue functions here and puts each route function in its tag’s nested stack', () => {
    const { stateless, routeTemplates } = synth(profileId);
    const here = Object.values(template().findResources('AWS::Lambda::Function'))
      .filter(posta)
      .map((f) => f.Properties.Description);
    expect(here.sort()).toEqual(
      [...SCHEDULES.map((d) => `schedule: ${d.id}`), ...Object.values(QUEUES).map((q) => `queue: ${q.id}-consumer`)].sort(),
    );
    const tags = [...new Set(ROUTES.map((r) => r.tag))];
    expect(Object.keys(stateless.routeStacks).sort()).toEqual(tags.sort());
    for (const tag of tags) {
      // Named after the tag, so its logical id (and so the stack) survives routes added elsewhere.
      expect(stateless.routeStacks[tag]?.node.id).toBe(`${pascal(tag)}Routes`);
      const inStack = Object.values(routeTemplates[tag]?.findResources('AWS::Lambda::Function') ?? {}).map((f) => f.Properties.Description);
      expect(inStack.sort()).toEqual(
        ROUTES.filter((r) => r.tag === tag)
          .map((r) => `http: ${r.id}`)
          .sort(),
      );
    }
  });

  it.each(ROUTES)('route $method $path: integrates its own function, which only this API may invoke on this path', (def) => {
    const { stateless, routeTemplates } = synth(profileId);
    const nested = stateless.routeStacks[def.tag];
    if (!nested) throw new Error(`no route stack for tag ${def.tag}`);
    const route = only(template(), 'AWS::ApiGatewayV2::Route', { RouteKey: `${def.method} ${def.path}` });
    const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = template().toJSON().Resources[integrationId];
    // The function's ARN, published by its tag's nested stack as an output.
    const { logicalId: nestedId } = nestedStackResource(template(), nested);
    const [fromStack, output] = integration.Properties.IntegrationUri['Fn::GetAtt'];
    expect(fromStack).toBe(nestedId);
    const fnId = Object.keys(
      routeTemplates[def.tag]?.findResources('AWS::Lambda::Function', { Properties: { Description: `http: ${def.id}` } }) ?? {},
    )[0];
    const outputs = routeTemplates[def.tag]?.toJSON().Outputs;
    expect(outputs[output.replace(/^Outputs\./, '')].Value).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    // The invoke permission sits beside the function: API Gateway, this API (fed in from the parent), any stage and method, this path.
    const resolved = synth(profileId).resolvedRouteTemplates[def.tag];
    const permission = only(resolved as NonNullable<typeof resolved>, 'AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
    });
    expect(permission.Properties).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
    const arn = permission.Properties.SourceArn['Fn::Join'][1];
    expect(arn).toContainEqual({ Ref: template().toJSON().Resources[integrationId].Properties.ApiId.Ref });
    expect(arn.at(-1)).toBe(`/*/*${def.path}`);
  });

  it('gives every function log group a retention', () => {
    const groups = everywhere('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(functionCount + 2); // + the API access log and the console deployment's log
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it.each(ROUTES)('route $method $path: auth $auth', (def) => {
    const route = only(template(), 'AWS::ApiGatewayV2::Route', { RouteKey: `${def.method} ${def.path}` });
    if (def.auth === 'jwt') {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: expect.any(String) });
      // Signed-in users' tokens only: a machine token (no user scope) is refused by API Gateway.
      expect(route.Properties.AuthorizationScopes).toEqual([USER_TOKEN_SCOPE]);
    } else if (def.auth === 'machine') {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: expect.any(String) });
      // The machine client's scope only: a staff user's token is a 403 at the gateway.
      expect(def.scopes?.length).toBeGreaterThan(0);
      expect(route.Properties.AuthorizationScopes).toEqual(def.scopes);
    } else {
      expect(route.Properties.AuthorizationType).toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('has no route the catalog does not list', () => {
    const keys = Object.values(template().findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('checks JWTs against the user pool for the portal and the mail router app clients', () => {
    template().resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue(), Match.anyValue()], Issuer: Match.anyValue() },
    });
    const { stateful, stateless } = synth(profileId);
    const audience = Object.values(template().findResources('AWS::ApiGatewayV2::Authorizer'))[0]?.Properties.JwtConfiguration.Audience;
    const imported = (client: { userPoolClientId: string }) => stateless.resolve(stateful.exportValue(client.userPoolClientId));
    expect(audience).toEqual([imported(stateful.userPoolClient), imported(stateful.machineClient)]);
  });

  it('outputs the mail router client id and the token endpoint (never the client secret)', () => {
    const outputs = template().toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['MailRouterClientId', 'TokenEndpoint']));
    expect(JSON.stringify(outputs)).not.toMatch(/ClientSecret/);
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

  /** A catalog queue by its construct id (`<Pascal>Queue…`), not by a property two queues may share. */
  const queueOf = (id: string) => {
    const found = Object.entries(template().findResources('AWS::SQS::Queue')).filter(([logicalId]) =>
      logicalId.startsWith(`${pascal(id)}Queue`),
    );
    if (found.length !== 1) throw new Error(`expected one queue ${id}, found ${found.length}`);
    // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, checked by the assertions.
    return found[0] as [string, any];
  };

  it.each(Object.values(QUEUES))('queue $id: DLQ, redrive, encryption, TLS-only', (def) => {
    const [, queue] = queueOf(def.id);
    expect(queue.Properties.VisibilityTimeout).toBe(def.visibilityTimeoutSeconds);
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
    const [queueId] = queueOf(def.id);
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
    expect(consumer.Properties.MemorySize).toBe(def.memoryMb ?? 512);
    expect(def.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * def.timeoutSeconds);
  });

  it.each(Object.values(QUEUES))(
    'queue $id: a message that dead-letters a second time is counted from the consumer’s log and alarmed',
    (def) => {
      const consumer = fnByDescription(`queue: ${def.id}-consumer`);
      const logGroupId = consumer.Properties.LoggingConfig.LogGroup.Ref;
      const filter = only(template(), 'AWS::Logs::MetricFilter', { LogGroupName: { Ref: logGroupId } });
      expect(filter.Properties.FilterPattern).toBe(`{ $.message = "${DEAD_LETTERED_TWICE}" }`);
      const metric = filter.Properties.MetricTransformations[0];
      template().hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric.MetricName,
        Namespace: 'Posta',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );

  it('has one rule per schedule, with the catalog cron, targeting its function', () => {
    const fed = Object.values(QUEUES).filter((q) => q.fedBy);
    template().resourceCountIs('AWS::Events::Rule', SCHEDULES.length + fed.length);
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

  /** `{ 'Fn::ImportValue': … }` of the stateful stack's export of `construct`'s Ref. */
  const importedRef = (construct: IConstruct) => {
    const { stateful } = synth(profileId);
    const logicalId = stateful.getLogicalId(construct.node.defaultChild as CfnElement);
    return { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^${stateful.stackName}:ExportsOutputRef${logicalId}`)) };
  };

  it.each(everyFunction)(
    '$description sees exactly the tables, buckets, secrets, queues and services it is bound to',
    ({ description, binding }) => {
      const { stateful } = synth(profileId);
      const vars: Record<string, unknown> = fnByDescription(description).Properties.Environment.Variables;
      const expected: Record<string, unknown> = {
        POSTA_PROFILE: profileId,
        POWERTOOLS_SERVICE_NAME: 'posta',
        NODE_OPTIONS: '--enable-source-maps',
      };
      for (const id of Object.keys(binding.tables ?? {}) as TableId[]) expected[TABLES[id].env] = importedRef(stateful.tables[id]);
      for (const id of Object.keys(binding.buckets ?? {}) as BucketId[]) expected[BUCKETS[id].env] = importedRef(stateful.buckets[id]);
      // The ARN only: the value is read at cold start, and the local-only value variable stays unset.
      for (const id of secretsOf(binding)) expected[SECRETS[id].arnEnv] = importedRef(stateful.secrets[id]);
      for (const id of binding.sendsTo ?? []) expected[QUEUES[id].env] = { Ref: expect.stringMatching(new RegExp(`^${pascal(id)}Queue`)) };
      // A redrive knows each queue and its dead-letter queue.
      for (const id of binding.redrives ?? []) {
        expected[QUEUES[id].env] = { Ref: expect.stringMatching(new RegExp(`^${pascal(id)}Queue`)) };
        expected[deadLetterQueueEnv(id)] = { Ref: expect.stringMatching(new RegExp(`^${pascal(id)}DeadLetterQueue`)) };
      }
      // A consumer knows its own queue: it raises a throttled record's visibility there.
      const own = Object.values(QUEUES).find((q) => description === `queue: ${q.id}-consumer`);
      if (own) expected[own.env] = { Ref: expect.stringMatching(new RegExp(`^${pascal(own.id)}Queue`)) };
      if (binding.userPool?.length) {
        expected.USER_POOL_ID = importedRef(stateful.userPool);
        expected.USER_POOL_CLIENT_ID = importedRef(stateful.userPoolClient);
      }
      if (binding.sendsEmail) {
        expected.EMAIL_FROM = profile.emailFrom;
        expected.EMAIL_TEMPLATE_PREFIX = `posta-${profileId}-stateless`;
        expected.EMAIL_CONFIGURATION_SET = { Ref: expect.stringMatching(/^EmailConfigurationSet/) };
      }
      // Staff routes require a second factor of privileged roles.
      if ('auth' in binding && binding.auth === 'jwt') expected.MFA_REQUIRED = 'true';
      if (binding.auditDigests) {
        expected[AUDIT_DIGESTS.bucketEnv] = importedRef(stateful.auditDigests.bucket);
        expected[AUDIT_DIGESTS.keyIdEnv] = expect.objectContaining({ 'Fn::ImportValue': expect.any(String) });
      }
      expect(vars).toEqual(expected);
    },
  );

  /** Every statement of the IAM policies attached to the role of the function described so. */
  const statementsOf = (description: string): { Effect: string; Action: string | string[]; Resource: unknown }[] => {
    const { template: holder, resource } = located(description);
    const role = resource.Properties.Role['Fn::GetAtt'][0];
    return Object.values(holder.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles ?? []).some((r: { Ref: string }) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const actionsOn = (description: string, service: string): string[] =>
    statementsOf(description)
      .flatMap((s) => [s.Action].flat())
      .filter((a) => a.startsWith(`${service}:`));

  it.each(everyFunction)('$description gets the S3 access its bucket bindings declare, and no other', ({ description, binding }) => {
    const access = Object.values(binding.buckets ?? {});
    const actions = actionsOn(description, 's3');
    // The audit digests: read, and put (the digest job) — never a delete (test/infra/bindings.test.ts).
    if (binding.auditDigests) {
      return expect(actions.sort()).toEqual(
        binding.auditDigests === 'sign' ? ['s3:GetObject', 's3:ListBucket', 's3:PutObject'] : ['s3:GetObject', 's3:ListBucket'],
      );
    }
    if (access.length === 0) return expect(actions).toEqual([]);
    const reads = access.some((a) => a !== 'write');
    const writes = access.some((a) => a !== 'read');
    expect(actions.some((a) => a.startsWith('s3:GetObject'))).toBe(reads);
    // A presigned PUT carries the signer's permissions: `write` must include PutObject.
    expect(actions.includes('s3:PutObject')).toBe(writes);
    expect(actions.some((a) => a.startsWith('s3:Delete'))).toBe(access.includes('readWrite'));
  });

  it.each(everyFunction)('$description may read exactly the secrets it is bound to', ({ description, binding }) => {
    const { stateful } = synth(profileId);
    const statements = statementsOf(description).filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    const resources = statements.flatMap((s) => [s.Resource].flat());
    // In any order: CDK merges the grants' statements.
    const granted = secretsOf(binding).map((id) => importedRef(stateful.secrets[id]));
    expect(resources).toHaveLength(granted.length);
    expect(resources).toEqual(expect.arrayContaining(granted));
    for (const s of statements) expect(s.Action).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  describe.each(ROUTES.filter((r) => r.auth === 'public'))('public route $id', (def) => {
    it('reaches the directory only through item actions on its own key prefixes (dynamodb:LeadingKeys), never an index', () => {
      const { stateful } = synth(profileId);
      const table = stateful.resolve(stateful.exportValue(stateful.tables.directory.tableArn));
      const statements = statementsOf(`http: ${def.id}`).filter((st) => JSON.stringify(st.Resource).includes(JSON.stringify(table)));
      const grants = itemGrants(def.tables?.directory);
      if (def.tables?.directory === undefined) return expect(statements).toEqual([]);
      expect(grants).not.toBeNull();
      if (!grants) return;
      // One statement per key-scoped grant: exactly its actions, on the table alone, on its prefixes.
      expect(statements).toHaveLength(grants.length);
      const found = (statements as Array<{ Effect: string; Action: string | string[]; Resource: unknown; Condition: unknown }>).map(
        (st) => ({
          ...st,
          Action: [st.Action].flat().sort(),
        }),
      );
      for (const grant of grants) {
        expect(found).toContainEqual({
          Effect: 'Allow',
          Action: grant.actions.map((a) => `dynamodb:${a}`).sort(),
          Resource: table,
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': grant.leadingKeys.map((k) => `${k}*`) } },
        });
      }
      const prefixes = grants.flatMap((g) => g.leadingKeys);
      // No prefix reaches role records and scopes, lots, imports, mailing lists or reset requests.
      for (const forbidden of ['PRINCIPAL#', 'LOT#', 'IMPORT#', 'ROLE#', 'GROUP#', 'RESETREQ#', 'RESETFORM#']) {
        expect(prefixes.some((k) => forbidden.startsWith(k) || k.startsWith(forbidden))).toBe(false);
      }
      // The institution registry (a region decides a support agent's reach) is read, never written.
      for (const grant of grants.filter((g) => g.leadingKeys.some((k) => k.startsWith('INSTITUTION')))) {
        expect(grant.actions.filter((a) => a !== 'GetItem' && a !== 'BatchGetItem')).toEqual([]);
      }
    });

    it('is acknowledged as public with a reason of its own, honest about personal data', () => {
      const { stateless } = synth(profileId);
      const reasons = stateless.publicRoutes.filter((p) => p.def.id === def.id).map((p) => p.def.publicBecause);
      expect(reasons.length).toBeGreaterThan(0);
      const others = ROUTES.filter((r) => r.auth === 'public' && r.id !== def.id).map((r) => r.publicBecause);
      expect(others).not.toContain(def.publicBecause);
      // Only the liveness check, the OpenAPI document and the public profile carry no personal data.
      if (['health', 'openapi', 'getProfile'].includes(def.id)) expect(def.publicBecause).toMatch(/no personal data|no data/);
      else expect(def.publicBecause).toMatch(/handles personal data/);
    });
  });

  it('import consumer: one chunk per invocation, partial batch failures, and it may enqueue the next chunk', () => {
    const def = QUEUES.import;
    const queueId = Object.keys(
      template().findResources('AWS::SQS::Queue', { Properties: { VisibilityTimeout: def.visibilityTimeoutSeconds } }),
    )[0];
    const consumerId = Object.keys(
      template().findResources('AWS::Lambda::Function', { Properties: { Description: `queue: ${def.id}-consumer` } }),
    )[0];
    const mapping = only(template(), 'AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: consumerId } });
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // It sends to the very queue it consumes (the next chunk of the same job).
    expect(fnByDescription(`queue: ${def.id}-consumer`).Properties.Environment.Variables[def.env]).toEqual({ Ref: queueId });
    const sqs = statementsOf(`queue: ${def.id}-consumer`).filter((s) => JSON.stringify(s.Action).includes('sqs:'));
    expect(sqs.flatMap((s) => [s.Action].flat())).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']),
    );
    // Besides its own queue, it sends only to the email queue (a changed phone or address is told).
    const emailQueueId = fnByDescription(`queue: ${def.id}-consumer`).Properties.Environment.Variables[QUEUES.email.env].Ref;
    const allowed = [queueId, emailQueueId].map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    for (const s of sqs) for (const resource of [s.Resource].flat()) expect(allowed).toContainEqual(resource);
  });

  it('grants read-only table access to read-only bindings', () => {
    for (const { description, binding } of everyFunction) {
      const readOnly = Object.entries(binding.tables ?? {}).every(([, access]) => access === 'read');
      if (!readOnly) continue;
      const actions = statementsOf(description).flatMap((s) => [s.Action].flat());
      expect(actions.length).toBeGreaterThan(0);
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
      // Every policy of the role: one too long for an inline policy overflows into a managed one (CDK).
      const statements = [
        ...Object.values(template().findResources('AWS::IAM::Policy')),
        ...Object.values(template().findResources('AWS::IAM::ManagedPolicy')),
      ]
        .filter((p) => (p.Properties.Roles ?? []).some((r: { Ref: string }) => r.Ref === role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      const ses = statements.find((s: { Action: unknown }) => JSON.stringify(s.Action).includes('ses:'));
      expect(ses.Action).toEqual(['ses:SendEmail', 'ses:SendTemplatedEmail']);
      const resources = JSON.stringify(ses.Resource);
      expect(resources).not.toContain('*');
      // Identity (address and domain), the templates, and the configuration set every send names.
      expect(ses.Resource).toHaveLength(3 + allEmailTemplates().length);
      expect(resources).toContain('configuration-set/');
    }
  });

  it('publishes SES bounces and complaints of its configuration set to the default event bus', () => {
    const set = only(template(), 'AWS::SES::ConfigurationSet', {});
    expect(set.Properties).toMatchObject({ DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    const destination = only(template(), 'AWS::SES::ConfigurationSetEventDestination', {});
    expect(destination.Properties.ConfigurationSetName).toEqual({ Ref: expect.stringMatching(/^EmailConfigurationSet/) });
    expect(destination.Properties.EventDestination).toMatchObject({
      Enabled: true,
      MatchingEventTypes: expect.arrayContaining(['bounce', 'complaint']),
      EventBridgeDestination: { EventBusArn: expect.anything() },
    });
    expect(destination.Properties.EventDestination.MatchingEventTypes).toHaveLength(2);
    expect(JSON.stringify(destination.Properties.EventDestination.EventBridgeDestination)).toContain('event-bus/default');
  });

  it('routes those events to the delivery-events queue (DLQ for undeliverable events), consumed with partial batch failures', () => {
    const def = QUEUES.deliveryEvents;
    expect(def.fedBy).toBe('ses-events');
    const rule = only(template(), 'AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.ses'] }),
    });
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: expect.stringMatching(/^EmailConfigurationSet/) }] } } },
    });
    const [target] = rule.Properties.Targets;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DeliveryEventsQueue/), 'Arn'] });
    expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DeliveryEventsDeadLetterQueue/), 'Arn'] });
    // EventBridge may send to the queue, and only for this rule.
    const policies = Object.values(template().findResources('AWS::SQS::QueuePolicy'));
    const sendFromRule = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((s: { Principal?: { Service?: string }; Action: unknown }) => s.Principal?.Service === 'events.amazonaws.com');
    expect(sendFromRule).toMatchObject({
      Action: 'sqs:SendMessage',
      Effect: 'Allow',
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^DeliveryEventsRule/), 'Arn'] } } },
    });
    const consumerId = Object.keys(
      template().findResources('AWS::Lambda::Function', { Properties: { Description: `queue: ${def.id}-consumer` } }),
    )[0];
    const mapping = only(template(), 'AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: consumerId } });
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [target.Arn['Fn::GetAtt'][0], 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  /** The statement of the queue's policy that lets EventBridge send to it. */
  const eventsMaySend = (queue: RegExp) =>
    Object.values(template().findResources('AWS::SQS::QueuePolicy'))
      .filter((p) => p.Properties.Queues.some((q: { Ref: string }) => queue.test(q.Ref)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'events.amazonaws.com');

  it('routes successful Cognito password calls recorded by CloudTrail to the password-events queue (DLQ for undeliverable events)', () => {
    const def = QUEUES.passwordEvents;
    expect(def.fedBy).toBe('cloudtrail-password-events');
    const rule = only(template(), 'AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.cognito-idp'] }) });
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.cognito-idp'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['cognito-idp.amazonaws.com'],
        eventName: ['ChangePassword', 'ConfirmForgotPassword', 'AdminSetUserPassword', 'RespondToAuthChallenge'],
        errorCode: [{ exists: false }],
      },
    });
    const [target] = rule.Properties.Targets;
    expect(rule.Properties.Targets).toHaveLength(1);
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PasswordEventsQueue/), 'Arn'] });
    expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PasswordEventsDeadLetterQueue/), 'Arn'] });
    expect(eventsMaySend(/^PasswordEventsQueue/)).toMatchObject({
      Effect: 'Allow',
      Action: expect.arrayContaining(['sqs:SendMessage']),
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^PasswordEventsRule/), 'Arn'] } } },
    });
    // Its consumer resolves a `sub` with AdminGetUser, and nothing else on the pool.
    const cognito = statementsOf('queue: passwordEvents-consumer').filter((s) => String([s.Action].flat()[0]).startsWith('cognito-idp:'));
    expect(cognito.flatMap((s) => [s.Action].flat())).toEqual(['cognito-idp:AdminGetUser']);
  });

  it('the redrive schedule may move each queue’s dead letters back and nothing more', () => {
    const statements = statementsOf('schedule: redrive-dead-letters');
    const sqs = statements.filter((st) => [st.Action].flat().some((a: string) => a.startsWith('sqs:')));
    const actions = new Set(sqs.flatMap((st) => [st.Action].flat()));
    expect([...actions].sort()).toEqual([
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ListMessageMoveTasks',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'sqs:StartMessageMoveTask',
    ]);
  });

  it('the deadline sweep may disable, enable and read users, and send email and SMS', () => {
    const cognito = statementsOf('schedule: deadline-sweep').filter((s) => String([s.Action].flat()[0]).startsWith('cognito-idp:'));
    expect(cognito.flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminGetUser',
    ]);
  });

  it.each(Object.values(QUEUES))(
    'queue consumer $id may change the visibility of its own queue’s messages (throttling back-off)',
    (def) => {
      const queueId = `${pascal(def.id)}Queue`;
      const sqs = statementsOf(`queue: ${def.id}-consumer`).filter((s) => [s.Action].flat().includes('sqs:ChangeMessageVisibility'));
      expect(sqs.map((s) => s.Resource)).toContainEqual({ 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${queueId}`)), 'Arn'] });
    },
  );

  it('outputs the API URL, user pool id and client id', () => {
    const outputs = template().toJSON().Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId']));
  });
});
