import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROLES, TABLES } from '../../shared/catalog';
import { loadProfile, PROFILE_IDS } from '../../shared/profiles';
import { synth } from './synth';

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
      expect(gsi.Projection).toEqual({ ProjectionType: 'ALL' });
    }
    const stringKeys = new Set([def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
    stringKeys.delete(undefined);
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([...stringKeys].map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.Properties.AttributeDefinitions).toHaveLength(stringKeys.size);
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

  it('has one group per role, and no other', () => {
    const template = synth(profileId).statefulTemplate;
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('app client: public, password + SRP + refresh, 1 h access tokens, only locale writable', () => {
    const template = synth(profileId).statefulTemplate;
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties;
    expect(client.GenerateSecret).toBe(false);
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client.AccessTokenValidity).toBe(60);
    expect(client.TokenValidityUnits.AccessToken).toBe('minutes');
    expect(client.WriteAttributes).toEqual(['locale']);
    expect(client.ReadAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });

  it('defines no custom attributes a client could be given', () => {
    const pool = Object.values(synth(profileId).statefulTemplate.findResources('AWS::Cognito::UserPool'))[0];
    const custom = (pool?.Properties.Schema ?? []).filter(
      (a: { Mutable?: boolean; Name: string }) => !['email', 'phone_number'].includes(a.Name),
    );
    expect(custom).toEqual([]);
  });
});
