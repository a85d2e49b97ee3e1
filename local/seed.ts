import { existsSync, readFileSync } from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parseSupportScope } from '../shared/auth/scope';
import { ROLES, type Role } from '../shared/catalog';
import { generatePassword } from '../shared/identity/generate-password';
import type { Profile } from '../shared/profiles';
import { dynamoRoleStore } from '../shared/roles/role-store';
import type { Endpoints, Resources } from './provision';
import { keepPrivate, writePrivateFile } from './support/private-files';

export const DEMO_INSTITUTION = { code: 'DEMO001', name: 'Demo school', region: 'DEMO' } as const;

/**
 * Support scopes: the demo support agent serves the whole deployment; a second, regional agent
 * (`demo.support.regional@…`, role `support`) serves only the demo institution's region.
 */
export const DEMO_REGIONAL_SUPPORT = 'demo.support.regional';
const scopeItem = (role: Role, local: string) =>
  role !== 'support'
    ? { institution: DEMO_INSTITUTION.code, region: DEMO_INSTITUTION.region }
    : local === DEMO_REGIONAL_SUPPORT
      ? { supportScope: { regions: [DEMO_INSTITUTION.region] } }
      : { supportScope: 'all' };

export interface DemoUser {
  role: Role;
  login: string;
  password: string;
  sub: string;
}

const options = (endpoint: string) => ({ endpoint, region: 'eu-south-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * First start only: a demo institution and one signed-up user per role, so every route can be
 * tried at once. The demo passwords are printed and kept in the git-ignored state folder
 * (`demo-users.json`) — local demo accounts only; nothing like it exists in a deployment.
 */
export async function seedDemo(
  profile: Profile,
  endpoints: Endpoints,
  resources: Resources,
  file: string,
): Promise<{ users: DemoUser[]; created: boolean }> {
  if (existsSync(file)) {
    keepPrivate(file);
    return { users: JSON.parse(readFileSync(file, 'utf8')), created: false };
  }
  const cognito = new CognitoIdentityProviderClient(options(endpoints.cognito));
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(options(endpoints.dynamodb)));
  const users: DemoUser[] = [];
  const roleStore = dynamoRoleStore(db, resources.tables.directory);
  try {
    await db.send(
      new PutCommand({
        TableName: resources.tables.directory,
        Item: { pk: `INSTITUTION#${DEMO_INSTITUTION.code}`, sk: 'META', ...DEMO_INSTITUTION },
      }),
    );
    const accounts: Array<[Role, string]> = [...ROLES.map((r): [Role, string] => [r, `demo.${r}`]), ['support', DEMO_REGIONAL_SUPPORT]];
    for (const [role, local] of accounts) {
      const login = `${local}@${profile.newMailDomain}`;
      const password = generatePassword();
      await cognito.send(new AdminCreateUserCommand({ UserPoolId: resources.userPoolId, Username: login, MessageAction: 'SUPPRESS' }));
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: resources.userPoolId, Username: login, Password: password, Permanent: true }),
      );
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: resources.userPoolId, Username: login, GroupName: role }));
      const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: resources.userPoolId, Username: login }));
      const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
      // Scope lives server-side: the principal's institution (or support reach, for support).
      await db.send(
        new PutCommand({
          TableName: resources.tables.directory,
          Item: { pk: `PRINCIPAL#${sub}`, sk: 'SCOPE', role, roles: new Set([role]), login, ...scopeItem(role, local) },
        }),
      );
      // …and the assignment, so `GET /v1/role-assignments` lists the demo users like granted ones.
      const scope = scopeItem(role, local);
      await roleStore.grant({
        sub,
        login,
        role,
        // An operator's assignment is deployment-wide, as a grant records it.
        institutionCode: role !== 'operator' && 'institution' in scope ? (scope.institution ?? null) : null,
        region: role !== 'operator' && 'region' in scope ? (scope.region ?? null) : null,
        supportScope: 'supportScope' in scope ? (parseSupportScope(scope.supportScope) ?? null) : null,
        grantedAt: new Date().toISOString(),
        grantedBy: 'seed',
      });
      users.push({ role, login, password, sub });
    }
    writePrivateFile(file, JSON.stringify(users, null, 2));
    return { users, created: true };
  } finally {
    cognito.destroy();
    db.destroy();
  }
}
