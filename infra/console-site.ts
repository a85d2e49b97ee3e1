import { execFileSync } from 'node:child_process';
import { DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY } from '../web/security-headers';
import { fromRoot } from './paths';

/** What `/config.json` tells the console: the stack's outputs it needs at run time. */
export interface ConsoleConfigValues {
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
}

/**
 * The web console: a private S3 bucket read only by CloudFront (origin access control), one
 * response headers policy (strict CSP, HSTS, `frame-ancestors 'none'` …, the same headers the
 * local runner sends: web/security-headers.ts), and `config.json` written from the stack's
 * outputs next to the build, so one build serves every profile.
 *
 * The CSP's connect-src names the region's API Gateway and Cognito endpoints by wildcard, not
 * this API's exact host: the API's CORS origin is this distribution, so naming the API here
 * would make each wait for the other (a CloudFormation cycle). Scripts and styles stay `'self'`.
 */
export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  readonly assetHeaders: ResponseHeadersPolicy;
  /** `https://<distribution domain>`: the API's CORS origin. */
  readonly origin: string;
  deployment?: BucketDeployment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are delivered with an ACL grant to the bucket owner.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'bucket/',
      // Build output only: every deployment writes it again.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    // The API, Cognito, and S3 for import files uploaded with a presigned (virtual-hosted) URL.
    const connectTo = [
      `https://*.execute-api.${region}.amazonaws.com`,
      `https://cognito-idp.${region}.amazonaws.com`,
      `https://*.s3.${region}.amazonaws.com`,
    ];
    const policy = (name: string, cacheControl?: string) =>
      new ResponseHeadersPolicy(this, name, {
        comment: `Posta console: security headers${cacheControl ? ', long cache for hashed files' : ''}`,
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicy(connectTo, { upgradeInsecureRequests: true }),
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
            includeSubdomains: true,
            preload: true,
            override: true,
          },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true },
            { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
            ...(cacheControl ? [{ header: 'Cache-Control', value: cacheControl, override: true }] : []),
          ],
        },
      });
    this.headers = policy('Headers');
    this.assetHeaders = policy('AssetHeaders', 'public, max-age=31536000, immutable');

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Posta web console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // index.html and config.json: always the deployed ones.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: this.headers,
      },
      additionalBehaviors: {
        // Vite's content-hashed files never change under a name.
        '/assets/*': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.assetHeaders,
        },
      },
      // Page paths (/account, /activate …) are no objects: S3 answers 403, the console's index.html takes over.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads the console build and `config.json` (the API URL, pool and client, region). The build
   * is made at synth (`vite build`); infrastructure tests skip bundling and stage the sources.
   */
  deploy(config: ConsoleConfigValues): BucketDeployment {
    const region = Stack.of(this).region;
    this.deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
      logGroup: new LogGroup(this, 'DeployLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY }),
      sources: [
        Source.asset(fromRoot('web'), {
          exclude: ['node_modules', 'dist', 'dist.*', 'test'],
          bundling: {
            // Built on this machine; without Node here, say so rather than build something else.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
            command: ['sh', '-c', 'echo "build the console on the deploying machine: npm ci, then cdk deploy" >&2; exit 1'],
            local: {
              tryBundle(outputDir) {
                execFileSync(fromRoot('node_modules/.bin/vite'), ['build', '--logLevel', 'warn', '--outDir', outputDir, '--emptyOutDir'], {
                  cwd: fromRoot('web'),
                  stdio: 'inherit',
                });
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', {
          apiUrl: config.apiUrl,
          region,
          userPoolId: config.userPoolId,
          userPoolClientId: config.userPoolClientId,
        }),
      ],
    });
    return this.deployment;
  }
}

/** The console's cdk-nag findings Posta accepts, each on the narrowest construct, with the reason. */
export function acknowledgeConsoleFindings(site: ConsoleSite): void {
  const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const distribution = site.distribution.node.defaultChild as IConstruct;
  ack(
    distribution,
    'AwsSolutions-CFR1',
    'No geo restriction by design: staff sign in from wherever they are (travel, exchanges); the API authenticates every call.',
  );
  ack(
    distribution,
    'AwsSolutions-CFR2',
    'No WAF web ACL: the distribution serves static files only; the API behind has its stage throttling and per-person limits. A web ACL (us-east-1, priced per request) is each ministry’s deployment decision.',
  );
  ack(
    distribution,
    'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate’s security policy is fixed by CloudFront (TLSv1 minimum); with a ministry’s own domain and ACM certificate the distribution takes TLSv1.2_2021. Every browser the console supports negotiates TLS 1.2 or 1.3.',
  );
  // CDK's BucketDeployment provider: one singleton function per stack, made by aws-cdk-lib.
  const stack = Stack.of(site);
  for (const provider of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    const why = 'CDK’s BucketDeployment provider (aws-cdk-lib) copies the console build into its bucket at deploy time';
    ack(
      provider,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${why}; the AWS managed basic execution policy only lets it write its own logs.`,
    );
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      ack(
        provider,
        `AwsSolutions-IAM5[Action::${action}]`,
        `${why}: CDK's read grant on the asset and its write grant on the console bucket, those buckets only.`,
      );
    }
    ack(
      provider,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      `${why}: it reads the staged build from the CDK bootstrap asset bucket.`,
    );
    ack(
      provider,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(site.bucket.node.defaultChild as never)}.Arn>/*]`,
      `${why}: every object of the console bucket is the build's.`,
    );
    ack(
      provider,
      'AwsSolutions-IAM5[Resource::*]',
      `${why}; CloudFront invalidations (index.html, config.json) have no resource-level permission in CDK's grant.`,
    );
    const runtime = `${why}; its runtime is chosen and updated by aws-cdk-lib.`;
    ack(provider, 'AwsSolutions-L1', runtime);
    ack(provider, 'Serverless-LambdaLatestVersion', runtime);
    ack(
      provider,
      'Serverless-LambdaDLQ',
      `${why}: invoked by CloudFormation as a custom resource, whose failure fails the deployment and is reported there.`,
    );
    ack(provider, 'Serverless-LambdaTracing', `${why}: a deploy-time copy; its log group (three months) keeps every run.`);
  }
}
