import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { BUCKETS, ROLES, SECRETS, TABLES, TRIGGERS } from '../../shared/catalog';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { only, synth } from './synth';

describe.each(PROFILE_IDS)('stateful stack (%s)', (profileId) => {
  const profile = loadProfile(profileId);

  it('is named after the profile', () => {
    expect(synth(profileId).stateful.stackName).toBe(`Posta-${profileId}-Stateful`);
  });

  it('has exactly one table per catalog entry', () => {
    synth(profileId).statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', Object.keys(TABLES).length);
  });

  it.each(Object.values(TABLES))('table $id: keys, GSIs, TTL, PITR, encryption, protection', (def) => {
    const keySchema = [
      { AttributeName: def.partitionKey, KeyType: 'HASH' },
      ...(def.sortKey ? [{ AttributeName: def.sortKey, KeyType: 'RANGE' }] : []),
    ];
    const tables = synth(profileId).statefulTemplate.findResources('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: keySchema,
        ...(def.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true } } : {}),
      },
    });
    const matching = Object.values(tables).filter(
      (t) =>
        (t.Properties.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName).join() ===
        def.indexes.map((i) => i.name).join(),
    );
    expect(matching).toHaveLength(1);
    const table = matching[0] as (typeof matching)[number];
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.TableName).toBeUndefined();
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    for (const index of def.indexes) {
      const gsi = table.Properties.GlobalSecondaryIndexes.find((g: { IndexName: string }) => g.IndexName === index.name);
      expect(gsi.KeySchema).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      expect(gsi.Projection).toEqual(
        index.include ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] } : { ProjectionType: 'ALL' },
      );
    }
    const stringKeys = new Set([def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
    stringKeys.delete(undefined);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([...stringKeys].map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.Properties.AttributeDefinitions).toHaveLength(stringKeys.size);
  });

  /** The catalog buckets plus the one bucket their server access logs go to. */
  it('has exactly one bucket per catalog entry, plus the access-log bucket', () => {
    // …and the audit digests' Object Lock bucket.
    synth(profileId).statefulTemplate.resourceCountIs('AWS::S3::Bucket', Object.keys(BUCKETS).length + 2);
  });

  const bucketOf = (id: keyof typeof BUCKETS) => {
    const { stateful, statefulTemplate } = synth(profileId);
    const logicalId = stateful.getLogicalId(stateful.buckets[id].node.defaultChild as CfnBucket);
    return { logicalId, bucket: statefulTemplate.toJSON().Resources[logicalId], template: statefulTemplate };
  };

  /** The statements of the bucket policy attached to `logicalId`. */
  const policyStatements = (template: Template, logicalId: string) => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId } } }));
    expect(policies).toHaveLength(1);
    return policies[0]?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
  };

  it.each(Object.values(BUCKETS))('bucket $id: private, TLS-only, encrypted, expiring, retained', (def) => {
    const { logicalId, bucket, template } = bucketOf(def.id);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties.BucketName).toBeUndefined();
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    // Versioning would keep personal data past the expiry as noncurrent versions.
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Id: 'ExpireUploads',
        Status: 'Enabled',
        ExpirationInDays: def.expireAfterDays,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ]);
    const bucketAndObjects = [{ 'Fn::GetAtt': [logicalId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId, 'Arn'] }, '/*']] }];
    const statements = policyStatements(template, logicalId);
    expect(statements).toContainEqual({
      Action: 's3:*',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Resource: bucketAndObjects,
    });
    // Nothing but denials: access comes from the functions' roles and presigned URLs only.
    expect(statements.filter((s) => s.Effect !== 'Deny')).toEqual([]);
  });

  it.each(Object.values(BUCKETS))('bucket $id: browsers may PUT to a presigned URL from any origin, nothing else', (def) => {
    const { bucket } = bucketOf(def.id);
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      { AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], ExposedHeaders: ['ETag'], MaxAge: 3000 },
    ]);
  });

  it.each(Object.values(BUCKETS))('bucket $id: server access logs go to the access-log bucket', (def) => {
    const { stateful, statefulTemplate } = synth(profileId);
    const { logicalId, bucket } = bucketOf(def.id);
    const logsId = stateful.getLogicalId(stateful.accessLogsBucket.node.defaultChild as CfnBucket);
    expect(bucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: `${def.id}/` });
    // S3 log delivery may write this bucket's prefix, for this bucket only.
    expect(policyStatements(statefulTemplate, logsId)).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId, 'Arn'] } } }),
      }),
    );
  });

  it('access-log bucket: private, TLS-only, SSE-S3, expiring after a year, retained', () => {
    const { stateful, statefulTemplate } = synth(profileId);
    const logsId = stateful.getLogicalId(stateful.accessLogsBucket.node.defaultChild as CfnBucket);
    const logs = statefulTemplate.toJSON().Resources[logsId];
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // Server access logs can only be delivered to SSE-S3 buckets.
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 365 })] },
    });
    expect(logs.Properties.LoggingConfiguration).toBeUndefined();
    expect(policyStatements(statefulTemplate, logsId)).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('audit digests: Object Lock in compliance mode for the audit retention, versioned, private, logged, no deletes, puts only if new', () => {
    const { stateful, statefulTemplate } = synth(profileId);
    const id = stateful.getLogicalId(stateful.auditDigests.bucket.node.defaultChild as CfnBucket);
    const bucket = statefulTemplate.toJSON().Resources[id];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: profile.auditRetentionDays } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'audit-digests/' },
    });
    const statements = policyStatements(statefulTemplate, id);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectLegalHold', 's3:PutObjectRetention'],
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:PutObject', Condition: { Null: { 's3:if-none-match': 'true' } } }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('audit digest key: asymmetric P-256 for signing only, retained', () => {
    const { stateful, statefulTemplate } = synth(profileId);
    const id = stateful.getLogicalId(stateful.auditDigests.key.node.defaultChild as CfnElement);
    const key = statefulTemplate.toJSON().Resources[id];
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  });

  it('has exactly one secret per catalog entry and never rotates them', () => {
    const template = synth(profileId).statefulTemplate;
    template.resourceCountIs('AWS::SecretsManager::Secret', Object.keys(SECRETS).length);
    // A rotated HMAC key would orphan every stored hash.
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  it.each(Object.values(SECRETS))('secret $id: a generated 64-character value, retained', (def) => {
    const { stateful, statefulTemplate } = synth(profileId);
    const logicalId = stateful.getLogicalId(stateful.secrets[def.id].node.defaultChild as CfnSecret);
    const secret = statefulTemplate.toJSON().Resources[logicalId];
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.DeletionPolicy).toBe('Retain');
    expect(secret.UpdateReplacePolicy).toBe('Retain');
    expect(secret.Properties.Name).toBeUndefined();
    // Generated by Secrets Manager: the value never appears in a template.
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
  });

  it('user pool: admin-created accounts, case-insensitive usernames, strong passwords with history', () => {
    const template = synth(profileId).statefulTemplate;
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameConfiguration: { CaseSensitive: false },
        AliasAttributes: Match.absent(),
        UsernameAttributes: Match.absent(),
        UserPoolTier: 'ESSENTIALS',
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }] },
        // Reset codes go out by SMS: the pool needs its SNS role.
        SmsConfiguration: { SnsCallerArn: Match.anyValue(), ExternalId: Match.anyValue() },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: profile.temporaryPasswordDeadlineDays,
            PasswordHistorySize: 24,
          },
        },
      },
    });
  });

  it('user pool: TOTP second factor, optional at the pool (the API requires it of privileged roles), no SMS factor', () => {
    const pool = only(synth(profileId).statefulTemplate, 'AWS::Cognito::UserPool', {});
    expect(pool.Properties).toMatchObject({ MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    expect(pool.Properties.DeviceConfiguration).toBeUndefined();
  });

  it('has one group per role, and no other', () => {
    const template = synth(profileId).statefulTemplate;
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('app client: public, password + SRP + refresh, 1 h access tokens, only locale writable', () => {
    const template = synth(profileId).statefulTemplate;
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2); // the portal's and the mail router's
    const client = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([id]) => id.includes('ApiClient'))?.[1]
      ?.Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    // No OAuth grants (code, implicit) on the portal client: nothing to redirect a token to.
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.CallbackURLs).toBeUndefined();
    expect(client.AccessTokenValidity).toBe(60);
    expect(client.TokenValidityUnits.AccessToken).toBe('minutes');
    expect(client.WriteAttributes).toEqual(['locale']);
    expect(client.ReadAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });

  it('mail system: resource server `posta` with forwarding.read and groups.read, a confidential client_credentials client with only those scopes, a domain for the token endpoint', () => {
    const template = synth(profileId).statefulTemplate;
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'posta',
      Scopes: [
        { ScopeName: 'forwarding.read', ScopeDescription: Match.anyValue() },
        { ScopeName: 'groups.read', ScopeDescription: Match.anyValue() },
      ],
    });
    const machine = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')).find(([id]) =>
      id.includes('MailRouterClient'),
    )?.[1]?.Properties;
    expect(machine).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      AccessTokenValidity: 60,
    });
    // The scopes are `posta/forwarding.read` and `posta/groups.read` (the identifier resolved at deploy).
    expect(machine.AllowedOAuthScopes).toHaveLength(2);
    expect(JSON.stringify(machine.AllowedOAuthScopes)).toContain('/forwarding.read');
    expect(JSON.stringify(machine.AllowedOAuthScopes)).toContain('/groups.read');
    // No user sign-in flow at all: only the refresh flow CDK always lists (client credentials issue no refresh token).
    expect(machine.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    const domain = Object.values(template.findResources('AWS::Cognito::UserPoolDomain'))[0]?.Properties;
    expect(JSON.stringify(domain.Domain)).toContain(`posta-${profileId}-`);
  });

  describe('sign-in triggers', () => {
    const fnOf = (id: string) => {
      const { stateful } = synth(profileId);
      const trigger = stateful.triggers[id];
      if (!trigger) throw new Error(`no trigger ${id}`);
      return stateful.getLogicalId(trigger.fn.node.defaultChild as CfnFunction);
    };
    const logicalIdOf = (id: keyof typeof TABLES) => {
      const { stateful } = synth(profileId);
      return stateful.getLogicalId(stateful.tables[id].node.defaultChild as CfnTable);
    };
    const statementsOf = (fnLogicalId: string) => {
      const { statefulTemplate } = synth(profileId);
      const role = statefulTemplate.toJSON().Resources[fnLogicalId].Properties.Role['Fn::GetAtt'][0];
      return Object.values(statefulTemplate.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>);
    };
    const actionsOn = (fnLogicalId: string, table: keyof typeof TABLES) =>
      statementsOf(fnLogicalId)
        .filter((s) => JSON.stringify(s.Resource).includes(logicalIdOf(table)))
        .flatMap((s) => [s.Action].flat());

    it('the pool invokes exactly the catalog triggers: PreAuthentication and PostAuthentication', () => {
      const pool = Object.values(synth(profileId).statefulTemplate.findResources('AWS::Cognito::UserPool'))[0];
      expect(Object.keys(pool?.Properties.LambdaConfig).sort()).toEqual(['PostAuthentication', 'PreAuthentication']);
      for (const def of TRIGGERS) {
        expect(pool?.Properties.LambdaConfig[def.trigger]).toEqual({ 'Fn::GetAtt': [fnOf(def.id), 'Arn'] });
      }
    });

    it.each(TRIGGERS)('$id: Node 24 arm64, Cognito timeout, the directory table name, invocable by this pool only', (def) => {
      const { statefulTemplate, stateful } = synth(profileId);
      const fn = statefulTemplate.toJSON().Resources[fnOf(def.id)].Properties;
      expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: def.timeoutSeconds });
      expect(fn.Environment.Variables).toMatchObject({ POSTA_PROFILE: profileId, DIRECTORY_TABLE: { Ref: logicalIdOf('directory') } });
      statefulTemplate.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [fnOf(def.id), 'Arn'] },
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [stateful.getLogicalId(stateful.userPool.node.defaultChild as CfnUserPool), 'Arn'] },
      });
    });

    it('pre-authentication only reads the directory; post-authentication writes it and appends to the audit trail', () => {
      const pre = actionsOn(fnOf('pre-authentication'), 'directory');
      expect(pre).toContain('dynamodb:GetItem');
      expect(pre.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
      expect(actionsOn(fnOf('pre-authentication'), 'audit')).toEqual([]);
      expect(actionsOn(fnOf('post-authentication'), 'directory')).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']),
      );
      // The audit log reads its chain's tail (Query) before the conditional PutItem.
      expect(actionsOn(fnOf('post-authentication'), 'audit')).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
      const post = synth(profileId).statefulTemplate.toJSON().Resources[fnOf('post-authentication')].Properties;
      expect(post.Environment.Variables.AUDIT_TABLE).toEqual({ Ref: logicalIdOf('audit') });
    });
  });

  it('defines no custom attributes a client could be given', () => {
    const pool = Object.values(synth(profileId).statefulTemplate.findResources('AWS::Cognito::UserPool'))[0];
    const custom = (pool?.Properties.Schema ?? []).filter(
      (a: { Mutable?: boolean; Name: string }) => !['email', 'phone_number'].includes(a.Name),
    );
    expect(custom).toEqual([]);
  });
});
