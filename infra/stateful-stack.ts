import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, type ITable, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  type Access,
  AUDIT_DIGESTS,
  BUCKETS,
  type BucketDef,
  type BucketId,
  type CognitoTrigger,
  RESOURCE_SERVER,
  ROLES,
  SECRETS,
  type SecretDef,
  type SecretId,
  secretsOf,
  TABLES,
  type TableDef,
  type TableId,
  TRIGGERS,
  type TriggerDef,
} from '../shared/catalog';
import { passwordPolicy } from '../shared/identity/password-policy';
import type { Profile } from '../shared/profiles';
import { bindSecret, bindTable } from './bindings';
import { pascal } from './construct-ids';
import { PostaFunction } from './posta-function';

/** Every Posta bucket: private, owner-enforced, SSE-S3, TLS 1.2+ only, no old versions kept. */
const PRIVATE_BUCKET = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  encryption: BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: false,
} as const;

export interface StatefulStackProps extends StackProps {
  profile: Profile;
}

/** What the stateless stack receives: data, keys and identity, which outlive any deployment of code. */
export interface StatefulResources {
  tables: Record<TableId, ITable>;
  buckets: Record<BucketId, IBucket>;
  secrets: Record<SecretId, ISecret>;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** The mail system's confidential client (client credentials grant, the resource server's scopes only). */
  machineClient: IUserPoolClient;
  /** Cognito's token endpoint, where the machine client trades its id and secret for an access token. */
  tokenEndpoint: string;
  /** Where the audit digests go (Object Lock) and the key that signs them (only the digest job may sign). */
  auditDigests: AuditDigestTargets;
}

export interface AuditDigestTargets {
  bucket: IBucket;
  key: IKey;
}

const OPERATIONS: Record<CognitoTrigger, UserPoolOperation> = {
  PreAuthentication: UserPoolOperation.PRE_AUTHENTICATION,
  PostAuthentication: UserPoolOperation.POST_AUTHENTICATION,
};

/** Server access logs are security evidence, kept as long as the API's access logs. */
const ACCESS_LOG_RETENTION = Duration.days(365);

/** Multipart uploads a client abandoned: parts are invisible but billed, and may hold personal data. */
const ABORT_INCOMPLETE_UPLOADS_AFTER = Duration.days(1);

/** Tables, buckets, secrets and the user pool: retained, and deployed apart from code. */
export class StatefulStack extends Stack implements StatefulResources {
  readonly tables: Record<TableId, Table>;
  readonly buckets: Record<BucketId, Bucket>;
  /** Where every bucket's server access logs go: who read or wrote which personal-data file. */
  readonly accessLogsBucket: Bucket;
  readonly secrets: Record<SecretId, Secret>;
  readonly userPool: UserPool;
  readonly userPoolClient: IUserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  readonly machineClient: IUserPoolClient;
  readonly tokenEndpoint: string;
  readonly auditDigests: { bucket: Bucket; key: Key };
  /** The user pool's Lambda triggers (catalog `TRIGGERS`), by id. */
  readonly triggers: Record<string, { fn: PostaFunction; def: TriggerDef }> = {};

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tables = Object.fromEntries(Object.values(TABLES).map((def) => [def.id, this.table(def)])) as Record<TableId, Table>;
    this.accessLogsBucket = this.accessLogs();
    this.buckets = Object.fromEntries(Object.values(BUCKETS).map((def) => [def.id, this.bucket(def)])) as Record<BucketId, Bucket>;
    this.secrets = Object.fromEntries(Object.values(SECRETS).map((def) => [def.id, this.secret(def)])) as Record<SecretId, Secret>;
    this.auditDigests = { bucket: this.digestBucket(props.profile), key: this.digestKey() };
    this.userPool = this.pool(props.profile);
    for (const def of TRIGGERS) this.trigger(def, props.profile);
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      // Portals sign in through the API flows above; CDK's default OAuth flows (code and implicit
      // grants to an example callback) would be an unused door, so OAuth stays off for this client.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
      // Roles and scopes are server-side; a user may change only harmless presentation attributes.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
      readAttributes: new ClientAttributes().withStandardAttributes({
        locale: true,
        email: true,
        emailVerified: true,
        phoneNumber: true,
        phoneNumberVerified: true,
        givenName: true,
        familyName: true,
      }),
    });
    this.userPoolDomain = this.userPool.addDomain('Domain', {
      // Prefixes are global per region: the profile and the account keep deployments apart.
      cognitoDomain: { domainPrefix: `posta-${props.profile.id}-${this.account}` },
    });
    this.tokenEndpoint = `${this.userPoolDomain.baseUrl()}/oauth2/token`;
    this.machineClient = this.machine();
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `${pascal(role)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Posta role: ${role}`,
      });
    }
  }

  /**
   * The resource server `posta` and the mail system's app client: confidential (a secret), the
   * `client_credentials` grant only, and only the resource server's scopes (forwarding, mailing
   * group export), so its tokens open the `machine` routes and no staff route (those require the
   * signed-in user scope).
   */
  private machine(): IUserPoolClient {
    const scopes = Object.entries(RESOURCE_SERVER.scopes).map(
      ([scopeName, scopeDescription]) => new ResourceServerScope({ scopeName, scopeDescription }),
    );
    const server = this.userPool.addResourceServer('ResourceServer', { identifier: RESOURCE_SERVER.identifier, scopes });
    return this.userPool.addClient('MailRouterClient', {
      generateSecret: true,
      // No user sign-in flow: a machine has no user to sign in.
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((scope) => OAuthScope.resourceServer(server, scope)),
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }

  /**
   * A sign-in trigger, built here next to the pool: the pool names the function and the function
   * names the tables, which from the stateless stack would be a cross-stack cycle. `addTrigger`
   * also lets Cognito (this pool only) invoke it.
   */
  private trigger(def: TriggerDef, profile: Profile): void {
    const fn = new PostaFunction(this, `${pascal(def.id)}Function`, {
      entry: def.handler,
      profileId: profile.id,
      timeoutSeconds: def.timeoutSeconds,
      description: `cognito: ${def.id}`,
    });
    for (const [id, access] of Object.entries(def.tables ?? {}) as [TableId, Access][]) bindTable(fn, id, access, this.tables[id]);
    for (const id of secretsOf(def)) bindSecret(fn, id, this.secrets[id]);
    this.userPool.addTrigger(OPERATIONS[def.trigger], fn);
    this.triggers[def.id] = { fn, def };
  }

  private table(def: TableDef): Table {
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    const table = new Table(this, `${pascal(def.id)}Table`, {
      partitionKey: key(def.partitionKey),
      sortKey: def.sortKey ? key(def.sortKey) : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: def.ttlAttribute,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        ...(index.include && { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }),
      });
    }
    return table;
  }

  /**
   * A bucket for short-lived uploads (HR exports are personal data):
   * - S3-managed encryption: the browser's presigned PUT needs no KMS permission, and grants to
   *   the stateless stack's roles stay identity policies (no cross-stack key policy edits).
   * - No versioning: each upload is written once under its own job key; old versions would keep
   *   personal data past `expireAfterDays`, which is the whole point of the lifecycle rule.
   * - RETAIN: CloudFormation cannot delete a non-empty bucket, and the alternative (an
   *   auto-delete custom resource) is a Lambda that may empty the bucket. A bucket left behind keeps
   *   its lifecycle rule, so it still empties itself within `expireAfterDays`.
   */
  private bucket(def: BucketDef): Bucket {
    return new Bucket(this, `${pascal(def.id)}Bucket`, {
      ...PRIVATE_BUCKET,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireUploads',
          expiration: Duration.days(def.expireAfterDays),
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
        },
      ],
      // School portals and the console upload straight from the browser with the presigned URL (see BucketDef.browserUpload).
      cors: [
        {
          allowedMethods: def.browserUpload.methods.map(() => HttpMethods.PUT),
          allowedOrigins: ['*'],
          allowedHeaders: [...def.browserUpload.headers],
          exposedHeaders: [...def.browserUpload.exposedHeaders],
          maxAge: def.browserUpload.maxAgeSeconds,
        },
      ],
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: `${def.id}/`,
    });
  }

  /**
   * Write-once storage for the signed audit digests (CloudTrail's digest files, Posta's own):
   * - Object Lock in COMPLIANCE mode, retained as long as the profile keeps audit records: no
   *   one, the account's root included, can delete or overwrite a digest version before then
   *   (GOVERNANCE would let anyone granted `s3:BypassGovernanceRetention` do it).
   * - Versioned (Object Lock needs it). A `DeleteObject` without a version only adds a delete
   *   marker, which the verifier notices (the next digest names the hidden one); the bucket
   *   policy denies deletes and any put that is not `If-None-Match: *` anyway.
   * - Expired by lifecycle once the retention has passed, like the audit records' TTL.
   */
  private digestBucket(profile: Profile): Bucket {
    const retention = Duration.days(profile.auditRetentionDays);
    const bucket = new Bucket(this, 'AuditDigestsBucket', {
      ...PRIVATE_BUCKET,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        AUDIT_DIGESTS.retentionMode === 'COMPLIANCE'
          ? ObjectLockRetention.compliance(retention)
          : ObjectLockRetention.governance(retention),
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireAfterRetention',
          expiration: retention.plus(Duration.days(1)),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
        },
      ],
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-digests/',
    });
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyDigestDeletes',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:PutObjectLegalHold'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyOverwrites',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    return bucket;
  }

  /**
   * The digests' signing key: asymmetric (ECC_NIST_P256, SIGN_VERIFY), so anyone may check a
   * signature with the public half while only principals granted `kms:Sign` — the digest job,
   * never an audit writer — can make one. Asymmetric keys cannot rotate automatically; RETAINed,
   * because every digest ever written names it.
   */
  private digestKey(): Key {
    return new Key(this, 'AuditDigestKey', {
      description: `Posta: ${AUDIT_DIGESTS.purpose}`,
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** The target of server access logging (S3 delivers to SSE-S3 buckets only). */
  private accessLogs(): Bucket {
    return new Bucket(this, 'AccessLogsBucket', {
      ...PRIVATE_BUCKET,
      // Kept after a stack deletion, like the API access logs: who touched which file is evidence.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: ACCESS_LOG_RETENTION,
          abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
        },
      ],
    });
  }

  /**
   * A generated key (64 letters and digits) in Secrets Manager, encrypted with the account's
   * `aws/secretsmanager` key. Never rotated and RETAINed: the key is an HMAC key, and every stored
   * hash was made with it, so a new value (rotation, or a deleted and recreated secret) would
   * orphan every stored hash and no national ID could be matched again.
   */
  private secret(def: SecretDef): Secret {
    return new Secret(this, `${pascal(def.id)}Secret`, {
      description: `Posta: ${def.purpose}`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private pool(profile: Profile): UserPool {
    const policy = passwordPolicy(profile);
    return new UserPool(this, 'UserPool', {
      // Accounts are created by officers from the ministry's staff register, never by the public.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // Password history needs at least the Essentials plan.
      featurePlan: FeaturePlan.ESSENTIALS,
      // The same rules the local pool gets (shared/identity/password-policy.ts).
      passwordPolicy: {
        minLength: policy.minLength,
        requireLowercase: policy.requireLowercase,
        requireUppercase: policy.requireUppercase,
        requireDigits: policy.requireDigits,
        requireSymbols: policy.requireSymbols,
        tempPasswordValidity: Duration.days(policy.temporaryPasswordValidityDays),
        passwordHistorySize: policy.historySize,
      },
      // The login is the very mailbox Posta manages, so a reset code sent by email would go to the
      // box the user is locked out of. The phone on record (the channel that delivers temporary
      // passwords) is the independent one; officers' delegated reset covers users without one.
      accountRecovery: AccountRecovery.PHONE_ONLY_WITHOUT_MFA,
      // TOTP (authenticator apps) as the second factor, optional at the pool: the API requires it
      // of privileged roles (shared/identity/mfa.ts), not of the staff register. No SMS factor:
      // the phone already receives temporary passwords and reset codes. Once a user has it on,
      // Cognito asks for the code at every sign-in (no device is ever remembered).
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { sms: false, otp: true },
      // Without SMS MFA or phone verification CDK makes no SMS role, and Cognito could not send the codes.
      enableSmsRole: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
