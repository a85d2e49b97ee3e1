import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ProfileId } from '../shared/profiles';
import { BUNDLE } from './bundle-options';
import { fromRoot, ROOT } from './paths';

export interface PostaFunctionProps {
  /** Handler module relative to the repository root, as written in the catalog. */
  entry: string;
  profileId: ProfileId;
  timeoutSeconds?: number;
  memorySize?: number;
  description?: string;
  logRetention?: RetentionDays;
  /** Where failed asynchronous invocations land (scheduled functions). */
  deadLetterQueue?: IQueue;
}

/**
 * Every Posta Lambda: Node 24 on arm64, an ESM bundle with source maps, X-Ray, and a log group
 * with a retention. The defaults live here so no function can drift from them.
 */
export class PostaFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PostaFunctionProps) {
    // Created in the parent scope because `this` is not usable before super().
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: fromRoot(props.entry),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: fromRoot('package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      tracing: Tracing.ACTIVE,
      logGroup,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        POSTA_PROFILE: props.profileId,
        POWERTOOLS_SERVICE_NAME: 'posta',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourcemap,
        mainFields: BUNDLE.mainFields,
        externalModules: BUNDLE.external,
        banner: BUNDLE.banner,
        // NodejsFunction has no `alias` option; esbuild's CLI flag does the same (cwd: projectRoot).
        esbuildArgs: { '--alias': Object.entries(BUNDLE.alias).map(([name, path]) => `${name}=${path}`) },
      },
    });
  }
}
