import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  UserPool,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, type ITable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { ROLES, TABLES, type TableDef, type TableId } from '../shared/catalog';
import { passwordPolicy } from '../shared/identity/password-policy';
import type { Profile } from '../shared/profiles';
import { pascal } from './construct-ids';

export interface StatefulStackProps extends StackProps {
  profile: Profile;
}

/** What the stateless stack receives: data and identity, which outlive any deployment of code. */
export interface StatefulResources {
  tables: Record<TableId, ITable>;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
}

/** Tables and the user pool: retained, deletion-protected, and deployed apart from code. */
export class StatefulStack extends Stack implements StatefulResources {
  readonly tables: Record<TableId, Table>;
  readonly userPool: UserPool;
  readonly userPoolClient: IUserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tables = Object.fromEntries(Object.values(TABLES).map((def) => [def.id, this.table(def)])) as Record<TableId, Table>;
    this.userPool = this.pool(props.profile);
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
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
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `${pascal(role)}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Posta role: ${role}`,
      });
    }
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
      });
    }
    return table;
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
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
