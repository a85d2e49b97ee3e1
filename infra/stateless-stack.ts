import { CfnOutput, Duration, NestedStack, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CfnTemplate,
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { type IQueue, Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type Binding,
  CLOUDTRAIL_PASSWORD_EVENTS,
  DEAD_LETTERED_TWICE,
  QUEUES,
  type QueueDef,
  type QueueId,
  ROUTES,
  type RouteDef,
  SCHEDULES,
  type ScheduleDef,
  USER_TOKEN_SCOPE,
} from '../shared/catalog';
import { allEmailTemplates, templateName } from '../shared/i18n/email-templates';
import { MFA_REQUIRED_ENV } from '../shared/identity/mfa';
import type { Profile } from '../shared/profiles';
import { type BindTargets, bind, sesResourceArns } from './bindings';
import { ConsoleSite } from './console-site';
import { pascal } from './construct-ids';
import { PostaFunction, type PostaFunctionProps } from './posta-function';
import { RouteIntegration } from './route-integration';
import type { StatefulResources } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  profile: Profile;
  stateful: StatefulResources;
}

/** How a function is invoked, which decides what failure handling it needs. */
export type Trigger = 'http' | 'schedule' | 'queue';

export interface BoundFunction {
  fn: PostaFunction;
  binding: Binding;
  trigger: Trigger;
}

/** Messages that failed every retry; 14 days is the SQS maximum, time enough to redrive them. */
const DEAD_LETTER_PROPS: QueueProps = {
  enforceSSL: true,
  encryption: QueueEncryption.SQS_MANAGED,
  retentionPeriod: Duration.days(14),
};

/** API throttling for the whole stage: ministry staff traffic, far below the account quota. */
const THROTTLE = { rateLimit: 50, burstLimit: 100 };

/** Functions, API, schedules, queues and email templates: everything here can be redeployed at will. */
export class StatelessStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Record<string, BoundFunction> = {};
  /** The route functions of each catalog tag (API area), one nested stack per tag, keyed by tag. */
  readonly routeStacks: Record<string, NestedStack> = {};
  /** Routes without an authorizer, with the catalog entry that says why each may be public. */
  readonly publicRoutes: Array<{ def: RouteDef; route: HttpRoute }> = [];
  readonly queues: Partial<Record<QueueId, Queue>> = {};
  /** Each queue's dead-letter queue, by queue (the schedules' own are in `deadLetterQueues` only). */
  readonly queueDeadLetters: Partial<Record<QueueId, Queue>> = {};
  /** Every dead-letter queue: the queues' and the schedules'. */
  readonly deadLetterQueues: Queue[] = [];
  /** Every email is sent through it: its event destination publishes bounces and complaints to EventBridge. */
  readonly emailConfigurationSet: ConfigurationSet;
  /** The web console (S3 + CloudFront); the API allows its origin (CORS). */
  readonly console: ConsoleSite;
  private readonly profile: Profile;
  private readonly targets: BindTargets;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.profile = props.profile;
    const { tables, buckets, secrets, userPool, userPoolClient } = props.stateful;

    const templatePrefix = this.stackName.toLowerCase();
    const templateNames = this.emailTemplates(templatePrefix);
    this.emailConfigurationSet = this.emailEvents();
    this.targets = {
      tables,
      buckets,
      secrets,
      userPool,
      userPoolClient,
      auditDigests: props.stateful.auditDigests,
      queues: this.queues,
      deadLetterQueues: this.queueDeadLetters,
      email: {
        templatePrefix,
        from: props.profile.emailFrom,
        configurationSetName: this.emailConfigurationSet.configurationSetName,
        resourceArns: [
          ...sesResourceArns(this, props.profile.emailFrom, templateNames),
          this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.emailConfigurationSet.configurationSetName }),
        ],
      },
    };

    // Queues first: routes and schedules may send to them.
    for (const def of Object.values(QUEUES)) this.queue(def);
    for (const def of SCHEDULES) this.schedule(def);

    this.console = new ConsoleSite(this, 'Console');
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: this.stackName,
      createDefaultStage: false,
      // The console calls the API from its CloudFront origin; nobody else's pages may.
      corsPreflight: {
        allowOrigins: [this.console.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['retry-after', 'x-next-cursor'],
        maxAge: Duration.hours(1),
      },
    });
    this.stage = this.defaultStage(this.api);
    // One JWT authorizer for both app clients (its audience); each route's authorizationScopes
    // decide which kind of token it takes: staff routes the signed-in user scope, machine routes
    // their resource-server scopes. A token of the other kind is a 403 before any function runs.
    const jwt = new HttpUserPoolAuthorizer('CognitoJwt', userPool, { userPoolClients: [userPoolClient, props.stateful.machineClient] });
    const none = new HttpNoneAuthorizer();
    for (const def of ROUTES) this.route(def, def.auth === 'public' ? none : jwt);

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    // The mail router's client id; its secret stays in Cognito (DescribeUserPoolClient), never in an output.
    new CfnOutput(this, 'MailRouterClientId', { value: props.stateful.machineClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', { value: props.stateful.tokenEndpoint });
    this.console.deploy({ apiUrl: this.stage.url, userPoolId: userPool.userPoolId, userPoolClientId: userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.console.origin}/` });
  }

  private fn(
    id: string,
    entry: string,
    binding: Binding,
    trigger: Trigger,
    extra: Partial<PostaFunctionProps> = {},
    scope: Construct = this,
  ) {
    const fn = new PostaFunction(scope, `${pascal(id)}Function`, {
      entry,
      profileId: this.profile.id,
      description: `${trigger}: ${id}`,
      ...extra,
    });
    bind(fn, binding, this.targets);
    this.functions[id] = { fn, binding, trigger };
    return fn;
  }

  private route(def: RouteDef, authorizer: IHttpRouteAuthorizer): void {
    const fn = this.fn(def.id, def.handler, def, 'http', { timeoutSeconds: def.timeoutSeconds }, this.routeStack(def.tag));
    // Staff routes refuse privileged roles without a TOTP factor (shared/identity/mfa.ts).
    if (def.auth === 'jwt') fn.addEnvironment(MFA_REQUIRED_ENV, 'true');
    const routes = this.api.addRoutes({
      path: def.path,
      methods: [HttpMethod[def.method]],
      integration: new RouteIntegration(`${pascal(def.id)}Integration`, fn),
      authorizer,
      ...(def.auth !== 'public' && { authorizationScopes: def.auth === 'machine' ? def.scopes : [USER_TOKEN_SCOPE] }),
    });
    if (def.auth === 'public') this.publicRoutes.push(...routes.map((route) => ({ def, route })));
  }

  /**
   * Route functions (function, role, policy, log group, invoke permission) go into a nested stack
   * per tag, so the parent stays far below CloudFormation's 500 resources per stack while the
   * API, its routes and integrations stay here. Named after the tag: adding a route touches only
   * its own tag's stack.
   */
  private routeStack(tag: string): NestedStack {
    this.routeStacks[tag] ??= new NestedStack(this, `${pascal(tag)}Routes`, { description: `Posta route functions: ${tag}` });
    return this.routeStacks[tag];
  }

  private schedule(def: ScheduleDef): void {
    const name = pascal(def.id);
    // EventBridge invokes asynchronously: events it cannot deliver and invocations that fail
    // after Lambda's retries both land here, instead of vanishing.
    const dlq = this.deadLetterQueue(name);
    const fn = this.fn(def.id, def.handler, def, 'schedule', { timeoutSeconds: def.timeoutSeconds, deadLetterQueue: dlq });
    new Rule(this, `${name}Schedule`, {
      description: def.purpose,
      schedule: Schedule.cron(def.cron),
      targets: [new LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue: dlq })],
    });
  }

  private queue(def: QueueDef): void {
    const name = pascal(def.id);
    const dlq = this.deadLetterQueue(name);
    const queue = new Queue(this, `${name}Queue`, {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
    });
    this.queues[def.id] = queue;
    this.queueDeadLetters[def.id] = dlq;

    const consumer = this.fn(`${def.id}-consumer`, def.consumer, def, 'queue', {
      timeoutSeconds: def.timeoutSeconds,
      ...(def.memoryMb && { memorySize: def.memoryMb }),
    });
    consumer.addEventSource(
      new SqsEventSource(queue, {
        batchSize: def.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: def.maxConcurrency,
      }),
    );
    // Its own queue's URL: a throttled record's visibility is raised there (the event source's
    // consume grant already includes sqs:ChangeMessageVisibility on this queue).
    consumer.addEnvironment(def.env, queue.queueUrl);
    this.deadLetteredTwiceAlarm(name, consumer);
    if (def.fedBy === 'ses-events') this.sesEventsRule(name, queue, dlq);
    if (def.fedBy === 'cloudtrail-password-events') this.passwordEventsRule(name, queue, dlq);
  }

  /** SESv2 configuration set: TLS required, and bounces and complaints published to the default event bus. */
  private emailEvents(): ConfigurationSet {
    const set = new ConfigurationSet(this, 'EmailConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    set.addEventDestination('DeliveryFailures', {
      // SES publishes to the default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultEventBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    return set;
  }

  /**
   * Bounces and complaints of Posta's own configuration set (SES tags every event with it) onto
   * the queue; events EventBridge cannot deliver go to the queue's dead-letter queue.
   */
  private sesEventsRule(name: string, queue: Queue, dlq: Queue): void {
    new Rule(this, `${name}Rule`, {
      description: 'SES bounce and complaint events of the Posta configuration set',
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [this.emailConfigurationSet.configurationSetName] } } },
      },
      targets: [new SqsQueue(queue, { deadLetterQueue: dlq, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }

  /**
   * Successful Cognito password calls, as CloudTrail records them, onto the queue. CloudTrail
   * delivers management events to the default bus only when a trail logs them in the account.
   */
  private passwordEventsRule(name: string, queue: Queue, dlq: Queue): void {
    new Rule(this, `${name}Rule`, {
      description: 'Cognito password changes recorded by CloudTrail (calls that did not fail)',
      eventPattern: {
        source: ['aws.cognito-idp'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['cognito-idp.amazonaws.com'],
          eventName: [...CLOUDTRAIL_PASSWORD_EVENTS],
          errorCode: [{ exists: false }],
        },
      },
      targets: [new SqsQueue(queue, { deadLetterQueue: dlq, retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }

  /** A dead-letter queue with its alarm: anything in it failed every retry, so someone must look. */
  private deadLetterQueue(name: string): Queue {
    const dlq = new Queue(this, `${name}DeadLetterQueue`, DEAD_LETTER_PROPS);
    this.deadLetterQueues.push(dlq);
    this.deadLetterAlarm(name, dlq);
    return dlq;
  }

  private deadLetterAlarm(name: string, dlq: IQueue): void {
    new Alarm(this, `${name}DeadLetterAlarm`, {
      alarmDescription: `Messages in the ${name} dead-letter queue`,
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * A message that dead-letters a second time (it came back to the DLQ after a redrive) is not an
   * outage the redrive heals: the consumer logs `DEAD_LETTERED_TWICE`, a metric filter counts it,
   * and this alarm goes off at the first one (the automatic redrive of that queue holds meanwhile).
   */
  private deadLetteredTwiceAlarm(name: string, consumer: PostaFunction): void {
    const filter = new MetricFilter(this, `${name}DeadLetteredTwiceFilter`, {
      logGroup: consumer.logGroup,
      metricNamespace: 'Posta',
      metricName: `${name}DeadLetteredTwice`,
      filterPattern: FilterPattern.stringValue('$.message', '=', DEAD_LETTERED_TWICE),
      metricValue: '1',
    });
    new Alarm(this, `${name}DeadLetteredTwiceAlarm`, {
      alarmDescription: `A ${name} message dead-lettered again after a redrive: its automatic redrive holds, someone must look`,
      metric: filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private defaultStage(api: HttpApi): HttpStage {
    // Kept after a stack deletion: who called what, from where, is security evidence.
    const logs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(logs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
  }

  /** One SES template per name and locale; returns the names for the senders' IAM policy. */
  private emailTemplates(prefix: string): string[] {
    return allEmailTemplates().map((t) => {
      const name = templateName(prefix, t.name, t.locale);
      new CfnTemplate(this, `${pascal(t.name)}${pascal(t.locale)}Template`, {
        template: { templateName: name, subjectPart: t.subject, textPart: t.text, htmlPart: t.html },
      });
      return name;
    });
  }
}
