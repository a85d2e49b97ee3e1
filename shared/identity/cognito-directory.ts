import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  type CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../auth/role-names';
import { TooManyRequestsError } from '../errors';
import { logger } from '../logger';

/** What came of a forgot-password request; every outcome gets the same HTTP answer. */
export type ForgotOutcome = 'sent' | 'unknown-user' | 'no-recovery-channel' | 'refused' | 'delivery-failed';
export type ConfirmOutcome = 'done' | 'code-invalid' | 'code-expired' | 'password-rejected';
export type ChangeOutcome = 'done' | 'current-invalid' | 'password-rejected';
export type ResetOutcome = 'done' | 'unknown-user' | 'password-rejected';

export interface Directory {
  /**
   * Creates a staff member's sign-in account, in the `staff` group (every account Posta creates
   * for a person is a staff member's: lot launch, activation, an approved late request through its
   * lot). An account that already exists keeps its attributes and is put in the group too.
   * `{ staff: false }`: an institution mailbox's account, which is nobody's and in no group.
   */
  createUser(username: string, attributes: Record<string, string>, options?: { staff: boolean }): Promise<'created' | 'existed'>;
  /** Sets a password the user must replace at first sign-in (NEW_PASSWORD_REQUIRED). */
  setTemporaryPassword(username: string, password: string): Promise<void>;
}

/** Closing and reopening accounts (sweeps, delegated resets, the support desk). */
export interface AccountControl {
  /** Idempotent: enabling an enabled user changes nothing. */
  enableUser(username: string): Promise<void>;
  /** Idempotent. Disabling also stops new sign-ins at once (existing tokens live until they expire). */
  disableUser(username: string): Promise<void>;
  /** The account as Cognito sees it; null when there is none. */
  userStatus(username: string): Promise<{ enabled: boolean; status: string } | null>;
  /**
   * Ends every session the user has: refresh tokens are revoked, so a session opened before
   * (perhaps the reason for a reset) ends at its next refresh, within the access token's hour.
   */
  signOutEverywhere(username: string): Promise<void>;
}

/** The phone Cognito sends self-service reset codes to (`phone_number`), kept to the one on record. */
export interface RecoveryPhoneDirectory {
  /**
   * Sets the account's `phone_number`, verified (HR's phone on record: Cognito sends no
   * verification code). Idempotent; 'no-account' when the member has no sign-in account yet (the
   * account, when made, takes the phone on record then).
   */
  setRecoveryPhone(username: string, phone: string): Promise<'updated' | 'no-account'>;
}

/** The self-service password calls (a port of its own, so admin-only callers need not fake them). */
export interface PasswordDirectory {
  /** Cognito sends a reset code through the pool's recovery channel (SMS to `phone_number`). */
  forgotPassword(username: string): Promise<ForgotOutcome>;
  /** Sets a new password with the code; an unknown user is reported as a wrong code. */
  confirmForgotPassword(username: string, code: string, newPassword: string): Promise<ConfirmOutcome>;
  /** Changes the signed-in user's own password, authorized by their access token. */
  changePassword(accessToken: string, currentPassword: string, newPassword: string): Promise<ChangeOutcome>;
  /**
   * Sets the user's own new password (`AdminSetUserPassword`, permanent) once Posta proved them
   * itself — the reset by a code sent to their verified alternate email, which Cognito cannot send.
   */
  resetPassword(username: string, newPassword: string): Promise<ResetOutcome>;
}

/**
 * cognito-local's answer to a call it does not implement: a 500 with `__type:
 * CognitoLocal#Unsupported`, which the SDK names `Unsupported`. Cognito has no such error.
 */
const isEmulatorGap = (error: unknown) => (error as Error).name === 'Unsupported' && (error as { $fault?: string }).$fault === 'server';

/** The Cognito group of every staff member (a role of shared/auth/role-names.ts). */
const STAFF_GROUP: Role = 'staff';

/** Cognito refuses bursts per user and per pool; the caller may try again later. */
const THROTTLED = new Set(['LimitExceededException', 'TooManyRequestsException', 'TooManyFailedAttemptsException']);

function outcomeOf<T extends string>(error: unknown, outcomes: Record<string, T>): T {
  const name = (error as Error).name;
  if (THROTTLED.has(name)) throw new TooManyRequestsError('Too many attempts, try again later');
  const outcome = outcomes[name];
  if (outcome === undefined) throw error;
  return outcome;
}

/**
 * The user pool behind the `Directory` port. Admin calls use the pool id (IAM-authorized); the
 * self-service calls (forgot, confirm, change) are Cognito's public APIs and go through the app
 * client id instead, as a browser would.
 */
export function cognitoDirectory(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  clientId?: string,
): Directory & PasswordDirectory & AccountControl & RecoveryPhoneDirectory {
  const client = () => {
    if (!clientId) throw new Error('cognitoDirectory: self-service calls need the app client id (USER_POOL_CLIENT_ID)');
    return clientId;
  };
  return {
    async createUser(username, attributes, options = { staff: true }) {
      let outcome: 'created' | 'existed' = 'created';
      try {
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            // Posta sends its own localized notices; Cognito's invitation email stays off.
            MessageAction: 'SUPPRESS',
            UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'UsernameExistsException') throw error;
        outcome = 'existed';
      }
      // Idempotent; also after a crash between the two calls, as a redelivery comes back here. The
      // group is for what reads the token (the API itself decides on the staff register).
      if (options.staff) {
        await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: STAFF_GROUP }));
      }
      return outcome;
    },
    async enableUser(username) {
      await cognito.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username }));
    },
    async disableUser(username) {
      await cognito.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
    },
    async signOutEverywhere(username) {
      try {
        await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: username }));
      } catch (error) {
        // cognito-local has no AdminUserGlobalSignOut (README, emulator gaps); Cognito always does.
        if (isEmulatorGap(error)) return logger.warn('the Cognito emulator cannot sign a user out everywhere; skipped');
        throw error;
      }
    },
    async userStatus(username) {
      try {
        const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
        return { enabled: out.Enabled ?? false, status: out.UserStatus ?? 'UNKNOWN' };
      } catch (error) {
        if ((error as Error).name === 'UserNotFoundException') return null;
        throw error;
      }
    },
    async setRecoveryPhone(username, phone) {
      try {
        await cognito.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: userPoolId,
            Username: username,
            UserAttributes: [
              { Name: 'phone_number', Value: phone },
              { Name: 'phone_number_verified', Value: 'true' },
            ],
          }),
        );
        return 'updated';
      } catch (error) {
        // An unknown user: Cognito says UserNotFoundException, cognito-local NotAuthorizedException.
        return outcomeOf<'no-account'>(error, { UserNotFoundException: 'no-account', NotAuthorizedException: 'no-account' });
      }
    },
    async setTemporaryPassword(username, password) {
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: false }),
      );
    },
    async forgotPassword(username) {
      try {
        await cognito.send(new ForgotPasswordCommand({ ClientId: client(), Username: username }));
        return 'sent';
      } catch (error) {
        // With the client's preventUserExistenceErrors the cloud answers an unknown user as if it
        // were known; the emulator does not, and the caller answers both alike anyway.
        return outcomeOf<ForgotOutcome>(error, {
          UserNotFoundException: 'unknown-user',
          // No verified phone (nor email) to send the code to.
          InvalidParameterException: 'no-recovery-channel',
          // A disabled user, or one whose temporary password is still pending.
          NotAuthorizedException: 'refused',
          // Cognito could not hand the SMS over; said only to the logs, like every other outcome.
          CodeDeliveryFailureException: 'delivery-failed',
        });
      }
    },
    async confirmForgotPassword(username, code, newPassword) {
      try {
        await cognito.send(
          new ConfirmForgotPasswordCommand({ ClientId: client(), Username: username, ConfirmationCode: code, Password: newPassword }),
        );
        return 'done';
      } catch (error) {
        return outcomeOf<ConfirmOutcome>(error, {
          CodeMismatchException: 'code-invalid',
          UserNotFoundException: 'code-invalid',
          NotAuthorizedException: 'code-invalid',
          ExpiredCodeException: 'code-expired',
          // The policy is checked before the call, so this is the pool's password history.
          InvalidPasswordException: 'password-rejected',
        });
      }
    },
    async resetPassword(username, newPassword) {
      try {
        await cognito.send(
          new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: newPassword, Permanent: true }),
        );
        return 'done';
      } catch (error) {
        return outcomeOf<ResetOutcome>(error, {
          UserNotFoundException: 'unknown-user',
          // The policy is checked before the call, so this is the pool's password history.
          InvalidPasswordException: 'password-rejected',
        });
      }
    },
    async changePassword(accessToken, currentPassword, newPassword) {
      try {
        await cognito.send(
          new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: currentPassword, ProposedPassword: newPassword }),
        );
        return 'done';
      } catch (error) {
        return outcomeOf<ChangeOutcome>(error, {
          // Cognito's answer to a wrong previous password ("Incorrect username or password").
          NotAuthorizedException: 'current-invalid',
          // The policy is checked before the call, so this is the pool's password history.
          InvalidPasswordException: 'password-rejected',
        });
      }
    },
  };
}
