import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailTemplateCommand, SESv2Client, UpdateEmailTemplateCommand } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BUCKETS,
  type BucketId,
  QUEUES,
  type QueueId,
  RESOURCE_SERVER,
  ROLES,
  TABLES,
  type TableDef,
  type TableId,
} from '../shared/catalog';
import { allEmailTemplates, templateName } from '../shared/i18n/email-templates';
import { passwordPolicy } from '../shared/identity/password-policy';
import type { Profile } from '../shared/profiles';

export interface Endpoints {
  dynamodb: string;
  cognito: string;
  ses: string;
  sqs: string;
  /** S3 (fauxqs) through the CORS front browsers upload to (local/emulators/s3-cors.ts). */
  s3: string;
  sms: string;
}

export interface Resources {
  tables: Record<TableId, string>;
  queues: Record<QueueId, { url: string; dlqUrl: string }>;
  buckets: Record<BucketId, string>;
  userPoolId: string;
  userPoolClientId: string;
  /** The mail router's app client (client credentials grant); its secret is a local fact like the demo passwords. */
  machineClientId: string;
  machineClientSecret: string;
  templatePrefix: string;
}

const clientOptions = (endpoint: string) => ({
  endpoint,
  region: 'eu-south-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

export async function createTable(db: DynamoDBClient, name: string, def: TableDef) {
  const keys = [def.partitionKey, ...(def.sortKey ? [def.sortKey] : []), ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  try {
    await db.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keys)].map((k) => ({ AttributeName: k, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' as const }] : []),
        ],
        ...(def.indexes.length > 0 && {
          GlobalSecondaryIndexes: def.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: [
              { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: i.include
              ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...i.include] }
              : { ProjectionType: 'ALL' as const },
          })),
        }),
      }),
    );
    if (def.ttlAttribute) {
      await db.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: def.ttlAttribute } }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/**
 * fauxqs names queues `http://sqs.<region>.localhost:<port>/…`, a host that does not resolve
 * everywhere, and the SDK sends to the queue URL's host. It finds queues by name alone, so the
 * URLs handed to the functions use the emulator's own address.
 */
const reachable = (queueUrl: string | undefined, endpoint: string) => new URL(new URL(queueUrl ?? '').pathname, endpoint).href;

async function createQueues(sqs: SQSClient, endpoint: string): Promise<Resources['queues']> {
  const out = {} as Resources['queues'];
  for (const def of Object.values(QUEUES)) {
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: `posta-${def.id}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }),
    );
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes
      ?.QueueArn;
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: `posta-${def.id}`,
        Attributes: {
          VisibilityTimeout: String(def.visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: def.maxReceiveCount }),
        },
      }),
    );
    out[def.id] = { url: reachable(queue.QueueUrl, endpoint), dlqUrl: reachable(dlq.QueueUrl, endpoint) };
  }
  return out;
}

/** fauxqs also speaks S3: the buckets live in the same emulator as the queues. */
async function createBuckets(s3: S3Client): Promise<Resources['buckets']> {
  const out = {} as Resources['buckets'];
  for (const def of Object.values(BUCKETS)) {
    // S3 bucket names are lower case: `resetForms` → `posta-reset-forms`.
    out[def.id] = `posta-${def.id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: out[def.id] }));
    } catch (error) {
      if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((error as Error).name)) throw error;
    }
  }
  return out;
}

/** As in the cloud: TOTP as an optional second factor (Cognito asks users who turned it on). */
async function totpOptional(cognito: CognitoIdentityProviderClient, userPoolId: string) {
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: 'OPTIONAL',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
}

async function ensureUserPool(
  cognito: CognitoIdentityProviderClient,
  profile: Profile,
  known?: Pick<Resources, 'userPoolId' | 'userPoolClientId'>,
) {
  if (known) {
    try {
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: known.userPoolId }));
      await totpOptional(cognito, known.userPoolId);
      // Only the pool's ids: the rest of `known` (queue URLs with an earlier run's port) must not
      // override what this run just created.
      return { userPoolId: known.userPoolId, userPoolClientId: known.userPoolClientId };
    } catch {
      // The state folder lost the pool (fresh cognito dir): create it again below.
    }
  }
  const policy = passwordPolicy(profile);
  const pool = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: `posta-${profile.id}`,
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
          TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
        },
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
    }),
  );
  const userPoolId = pool.UserPool?.Id ?? '';
  await totpOptional(cognito, userPoolId);
  for (const role of ROLES) await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
  const client = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'posta-portal',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  return { userPoolId, userPoolClientId: client.UserPoolClient?.ClientId ?? '' };
}

/**
 * The mail router's confidential app client: client credentials grant only, with the resource
 * server's scopes (cognito-local keeps these fields but has no resource servers or token grant
 * for them: `local/token-endpoint.ts` issues its tokens). Reused while the pool still knows it.
 */
async function ensureMachineClient(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  known?: Partial<Pick<Resources, 'machineClientId' | 'machineClientSecret'>>,
) {
  const scopes = Object.keys(RESOURCE_SERVER.scopes).map((name) => `${RESOURCE_SERVER.identifier}/${name}`);
  if (known?.machineClientId && known.machineClientSecret) {
    let allowed: string[] | undefined;
    try {
      const out = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: known.machineClientId }));
      allowed = out.UserPoolClient?.AllowedOAuthScopes ?? [];
    } catch {
      // A new pool, or a state folder from before machine clients: create it below.
    }
    if (allowed) {
      // A state folder from before a scope was added to the catalog: the client gets it too.
      if (scopes.some((s) => !allowed.includes(s))) {
        await cognito.send(
          new UpdateUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: known.machineClientId, AllowedOAuthScopes: scopes }),
        );
      }
      return { machineClientId: known.machineClientId, machineClientSecret: known.machineClientSecret };
    }
  }
  const out = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'posta-mail-router',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: scopes,
      AccessTokenValidity: 1,
      TokenValidityUnits: { AccessToken: 'hours' },
    }),
  );
  return { machineClientId: out.UserPoolClient?.ClientId ?? '', machineClientSecret: out.UserPoolClient?.ClientSecret ?? '' };
}

async function upsertTemplates(ses: SESv2Client, prefix: string) {
  for (const t of allEmailTemplates()) {
    const input = {
      TemplateName: templateName(prefix, t.name, t.locale),
      TemplateContent: { Subject: t.subject, Text: t.text, Html: t.html },
    };
    try {
      await ses.send(new CreateEmailTemplateCommand(input));
    } catch {
      await ses.send(new UpdateEmailTemplateCommand(input));
    }
  }
}

/**
 * Creates, from the catalog, what the CDK stack creates in the cloud: tables with their indexes
 * and TTL, queues with dead-letter queues, the user pool with its groups and app client, and
 * the email templates. Safe to run on every start.
 */
export async function provision(profile: Profile, endpoints: Endpoints, known?: Resources): Promise<Resources> {
  const db = new DynamoDBClient(clientOptions(endpoints.dynamodb));
  const sqs = new SQSClient(clientOptions(endpoints.sqs));
  const cognito = new CognitoIdentityProviderClient(clientOptions(endpoints.cognito));
  const ses = new SESv2Client(clientOptions(endpoints.ses));
  const s3 = new S3Client({ ...clientOptions(endpoints.s3), forcePathStyle: true });
  try {
    const tables = {} as Record<TableId, string>;
    for (const def of Object.values(TABLES)) {
      tables[def.id] = `posta-${def.id}`;
      await createTable(db, tables[def.id], def);
    }
    const queues = await createQueues(sqs, endpoints.sqs);
    const buckets = await createBuckets(s3);
    const pool = await ensureUserPool(cognito, profile, known);
    const machine = await ensureMachineClient(cognito, pool.userPoolId, known);
    const templatePrefix = `posta-${profile.id}`;
    await upsertTemplates(ses, templatePrefix);
    return { tables, queues, buckets, ...pool, ...machine, templatePrefix };
  } finally {
    for (const c of [db, sqs, cognito, ses, s3]) c.destroy();
  }
}
