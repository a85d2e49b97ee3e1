import { existsSync, readFileSync } from 'node:fs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SupportScope } from '../shared/auth/policy';
import { isDeploymentRole } from '../shared/auth/role-names';
import { ROLES, type Role } from '../shared/catalog';
import { generatePassword } from '../shared/identity/generate-password';
import { dynamoInstitutionStore } from '../shared/institutions/institution-store';
import type { Profile } from '../shared/profiles';
import { dynamoRoleStore } from '../shared/roles/role-store';
import type { Endpoints, Resources } from './provision';
import { keepPrivate, writePrivateFile } from './support/private-files';

export const DEMO_INSTITUTION = { code: 'DEMO001', name: 'Demo school', region: 'DEMO' } as const;
/** A second registered school, in another region: somewhere the demo school's people may not reach. */
export const OTHER_DEMO_INSTITUTION = { code: 'OTHER001', name: 'Other demo school', region: 'OTHER' } as const;

/**
 * Where each demo user's role applies: operators and auditors deployment-wide; the demo support agent the
 * whole deployment, a second, regional agent (`demo.support.regional@…`, role `support`) only the
 * demo institution's region; every other role in the demo institution.
 */
export const DEMO_REGIONAL_SUPPORT = 'demo.support.regional';
const placeOf = (role: Role, local: string): { institutionCode: string | null; supportScope: SupportScope | null } =>
  isDeploymentRole(role)
    ? { institutionCode: null, supportScope: null }
    : role !== 'support'
      ? { institutionCode: DEMO_INSTITUTION.code, supportScope: null }
      : { institutionCode: null, supportScope: local === DEMO_REGIONAL_SUPPORT ? { regions: [DEMO_INSTITUTION.region] } : 'all' };

export interface DemoUser {
  role: Role;
  login: string;
  password: string;
  sub: string;
}

const options = (endpoint: string) => ({ endpoint, region: 'eu-south-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * First start only: two registered demo institutions and one signed-up user per role (in the first), so every route can be
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
    // Registered as `PUT /v1/institutions/{code}` does (the registry item also carries the region support reads).
    const institutions = dynamoInstitutionStore(db, resources.tables.directory);
    const at = new Date().toISOString();
    for (const institution of [DEMO_INSTITUTION, OTHER_DEMO_INSTITUTION]) {
      await institutions.save({ ...institution, city: null, registeredAt: at, updatedAt: at }, null);
    }
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
      // The role lives server-side, as one (role, institution) pair in the role store, exactly
      // as `PUT /v1/role-assignments/{sub}` records it; the group above mirrors it for the token.
      const place = placeOf(role, local);
      await roleStore.grant({
        sub,
        login,
        role,
        ...place,
        region: place.institutionCode ? DEMO_INSTITUTION.region : null,
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
