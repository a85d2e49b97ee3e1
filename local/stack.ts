import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES, TRIGGERS } from '../shared/catalog';
import { MFA_REQUIRED_ENV } from '../shared/identity/mfa';
import { loadProfile, type Profile } from '../shared/profiles';
import { startApiServer } from './api-server';
import { localAuditDigests } from './audit-digests';
import { consoleSite, ensureConsoleBuilt } from './console-site';
import { startCognito } from './emulators/cognito';
import { startDynamoDb } from './emulators/dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulators/local-aws';
import { startS3CorsFront } from './emulators/s3-cors';
import { startSes } from './emulators/ses';
import { startSmsSink } from './emulators/sms-sink';
import { startSqs } from './emulators/sqs';
import { accessTokenVerifier } from './jwt';
import { guardLeadingKeys } from './key-guard';
import { startLambdaEndpoint } from './lambda-endpoint';
import { type Endpoints, provision, type Resources } from './provision';
import { releaseOrphanedMessages, startQueueRunner } from './queue-runner';
import { runtimeEnv } from './runtime-env';
import { startScheduler } from './scheduler';
import { localSecrets } from './secrets';
import { type DemoUser, seedDemo } from './seed';
import { runtimeFile } from './state-dir';
import type { Service } from './support/child-process';
import { portOrFree } from './support/ports';
import { makePrivateDir, writePrivateFile } from './support/private-files';
import { localTokenEndpoint } from './token-endpoint';

export interface LocalStackOptions {
  profileId: string;
  /** Where state persists between restarts; null = a temporary folder removed on stop. */
  stateDir: string | null;
  fresh: boolean;
  /** First of six consecutive ports (API, DynamoDB, Cognito, SES, SQS, SMS); 0 = any free ports. */
  portBase: number;
  schedules: boolean;
  /** Require a TOTP factor of privileged roles, as the cloud does (off by default: demo users sign in with passwords). */
  mfa?: boolean;
  log?: (line: string) => void;
}

export interface Runtime {
  profile: string;
  stateDir: string;
  /**
   * `tokenEndpoint`: the local stand-in for Cognito's hosted `/oauth2/token` (client credentials).
   * `lambda`: the local Lambda `Invoke` endpoint cognito-local calls for the pool's triggers.
   */
  urls: {
    api: string;
    /** The web console, served from the API's origin. */
    console: string;
    openapi: string;
    emailViewer: string;
    smsOutbox: string;
    tokenEndpoint: string;
    lambda: string;
  } & Endpoints;
  env: Record<string, string>;
  resources: Resources;
  pids: { runner: number; dynamodb?: number; cognito?: number };
}

export interface LocalStack extends Runtime {
  demoUsers: DemoUser[];
  demoUsersCreated: boolean;
  stop(): Promise<void>;
}

// Where a stack keeps its state, in a module of its own: commands that only look for a running
// stack (`npm run job`, `npm run signin`) need not load the emulators.
export { defaultStateDir, runtimeFile } from './state-dir';

/**
 * Starts the emulators, creates the catalog's resources in them, seeds demo users, and serves
 * the API, the queue consumers and the schedules with the same handler modules Lambda runs.
 */
export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const log = opts.log ?? (() => undefined);
  const profile: Profile = loadProfile(opts.profileId);
  const ephemeral = opts.stateDir === null;
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), `posta-${profile.id}-`));
  if (opts.fresh && !ephemeral) rmSync(stateDir, { recursive: true, force: true });
  // Keys, demo passwords and a client secret live here: the owner's only (0700, files 0600).
  makePrivateDir(stateDir);
  makePrivateDir(join(stateDir, 'logs'));

  const port = (offset: number) => portOrFree(opts.portBase === 0 ? 0 : opts.portBase + offset);
  const services: Service[] = [];
  const stoppers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s();
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    if (ephemeral) rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    // cognito-local invokes the pool's triggers through a local Lambda `Invoke` endpoint, which
    // reads users back from cognito-local: both learn each other's address before either starts.
    // Built (when its sources changed) while the emulators start.
    const consoleBuild = ensureConsoleBuilt(log);
    consoleBuild.catch(() => undefined);
    const cognitoPort = await port(2);
    const lambda = await startLambdaEndpoint({ cognitoEndpoint: `http://127.0.0.1:${cognitoPort}`, log });
    stoppers.push(() => lambda.close());
    const triggers = { lambdaEndpoint: lambda.url, functions: Object.fromEntries(TRIGGERS.map((t) => [t.trigger, t.id])) };
    log('starting DynamoDB Local, cognito-local, aws-ses-v2-local, fauxqs and the SMS sink…');
    const [dynamodb, cognito, ses, sqs, sms] = await Promise.all([
      port(1).then((p) =>
        startDynamoDb({ port: p, dataDir: ephemeral ? null : join(stateDir, 'dynamodb'), logFile: join(stateDir, 'logs', 'dynamodb.log') }),
      ),
      startCognito({ port: cognitoPort, dir: join(stateDir, 'cognito'), logFile: join(stateDir, 'logs', 'cognito.log'), triggers }),
      port(3).then((p) => startSes({ port: p, file: join(stateDir, 'ses.jsonl') })),
      port(4).then((p) => startSqs({ port: p, dataDir: ephemeral ? null : join(stateDir, 'sqs') })),
      port(5).then((p) => startSmsSink({ port: p, file: join(stateDir, 'sms.jsonl') })),
    ]);
    services.push(dynamodb, cognito, ses, sqs, sms);
    // Browsers upload to S3 (presigned PUT) through a front answering CORS as the bucket does; a free port.
    const s3 = await startS3CorsFront({ target: sqs.endpoint, port: 0 });
    services.push(s3);
    const endpoints: Endpoints = {
      dynamodb: dynamodb.endpoint,
      cognito: cognito.endpoint,
      ses: ses.endpoint,
      sqs: sqs.endpoint,
      s3: s3.endpoint,
      sms: sms.endpoint,
    };

    const resourcesFile = join(stateDir, 'resources.json');
    const known = existsSync(resourcesFile) ? (JSON.parse(readFileSync(resourcesFile, 'utf8')) as Resources) : undefined;
    const resources = await provision(profile, endpoints, known);
    writePrivateFile(resourcesFile, JSON.stringify(resources, null, 2));

    const demo = await seedDemo(profile, endpoints, resources, join(stateDir, 'demo-users.json'));

    // Handlers read their configuration at import: set it before the first one loads.
    const env = {
      ...runtimeEnv(profile, endpoints, resources, localSecrets(join(stateDir, 'secrets.json'))),
      ...localAuditDigests(stateDir),
      ...(opts.mfa && { [MFA_REQUIRED_ENV]: 'true' }),
    };
    Object.assign(process.env, env);
    // The clients are made at import, from the environment just set: the shared DynamoDB client
    // gets the local stand-in for IAM's dynamodb:LeadingKeys conditions.
    const { dynamo } = await import('../shared/clients/dynamodb');
    guardLeadingKeys(dynamo, resources.tables);

    // The API's authorizer accepts the portal's and the mail router's app clients; each route's scopes tell them apart.
    const verify = await accessTokenVerifier({
      cognitoEndpoint: cognito.endpoint,
      userPoolId: resources.userPoolId,
      clientIds: [resources.userPoolClientId, resources.machineClientId],
    });
    const tokens = localTokenEndpoint({ cognitoEndpoint: cognito.endpoint, userPoolId: resources.userPoolId });
    stoppers.push(() => tokens.close());
    // The console calls the API on its own origin, cognito-local (which answers CORS for any origin)
    // directly, and uploads import files to S3 with the presigned URL.
    const site = consoleSite({
      dir: await consoleBuild,
      config: {
        apiUrl: '',
        region: LOCAL_REGION,
        userPoolId: resources.userPoolId,
        userPoolClientId: resources.userPoolClientId,
        cognitoEndpoint: cognito.endpoint,
      },
      connectTo: [cognito.endpoint, s3.endpoint],
    });
    const api: { server: Server; url: string } = await startApiServer({
      port: await port(0),
      verifyAccessToken: verify,
      tokenEndpoint: tokens.handle,
      site,
    });
    stoppers.push(
      () =>
        new Promise<void>((r) => {
          api.server.closeAllConnections();
          api.server.close(() => r());
        }),
    );

    const sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const orphans = await releaseOrphanedMessages(
      sqsClient,
      sqs.endpoint,
      Object.values(resources.queues).map((q) => q.url),
    );
    if (orphans > 0) log(`${orphans} message(s) left in flight by an earlier run are visible again`);
    for (const def of Object.values(QUEUES)) {
      const runner = startQueueRunner({
        sqs: sqsClient,
        def,
        queueUrl: resources.queues[def.id].url,
        onError: (e) => log(`[queue ${def.id}] ${(e as Error).message}`),
      });
      stoppers.push(() => runner.stop());
    }
    stoppers.push(() => sqsClient.destroy());
    if (opts.schedules) {
      const scheduler = startScheduler((id, e) => log(`[schedule ${id}] ${(e as Error).message}`));
      stoppers.push(() => scheduler.stop());
    }

    const runtime: Runtime = {
      profile: profile.id,
      stateDir,
      urls: {
        api: api.url,
        console: `${api.url}/`,
        openapi: `${api.url}/openapi.json`,
        emailViewer: `${ses.endpoint}/`,
        smsOutbox: `${sms.endpoint}/`,
        tokenEndpoint: `${api.url}/oauth2/token`,
        lambda: lambda.url,
        ...endpoints,
      },
      env,
      resources,
      pids: { runner: process.pid, dynamodb: dynamodb.pid, cognito: cognito.pid },
    };
    writePrivateFile(runtimeFile(stateDir), JSON.stringify(runtime, null, 2));
    stoppers.unshift(() => rmSync(runtimeFile(stateDir), { force: true }));
    return { ...runtime, demoUsers: demo.users, demoUsersCreated: demo.created, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
