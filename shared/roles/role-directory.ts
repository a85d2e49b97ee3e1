import {
  AdminAddUserToGroupCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../catalog';
import { cognitoDirectory } from '../identity/cognito-directory';

/**
 * The user pool side of a role: a Cognito group, which the user's next token carries for what
 * reads tokens (the API itself decides on the role store), and the user's sessions.
 */
export interface RoleDirectory {
  /** The user's login (email, else username); null when the pool has no such user. */
  loginOf(sub: string): Promise<string | null>;
  addToGroup(sub: string, role: Role): Promise<void>;
  removeFromGroup(sub: string, role: Role): Promise<void>;
  /** Revokes the user's refresh tokens (`AdminUserGlobalSignOut`): every session ends by its next refresh. */
  signOutEverywhere(sub: string): Promise<void>;
}

/** Admin calls accept the user's `sub` as `Username`, so no username lookup is needed. */
export function cognitoRoleDirectory(cognito: CognitoIdentityProviderClient, userPoolId: string): RoleDirectory {
  // The one sign-out adapter (it knows the emulator's gap), shared with resets.
  const { signOutEverywhere } = cognitoDirectory(cognito, userPoolId);
  return {
    signOutEverywhere,
    async loginOf(sub) {
      try {
        const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: sub }));
        return out.UserAttributes?.find((a) => a.Name === 'email')?.Value ?? out.Username ?? null;
      } catch (error) {
        if (error instanceof UserNotFoundException || (error as Error).name === 'UserNotFoundException') return null;
        throw error;
      }
    },
    async addToGroup(sub, role) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: sub, GroupName: role }));
    },
    async removeFromGroup(sub, role) {
      await cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: sub, GroupName: role }));
    },
  };
}
