import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  CodeDeliveryFailureException,
  CodeMismatchException,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  InternalErrorException,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  TooManyFailedAttemptsException,
  TooManyRequestsException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoDirectory } from '../../shared/identity/cognito-directory';
import { cognitoRoleDirectory } from '../../shared/roles/role-directory';

const cognito = mockClient(CognitoIdentityProviderClient);
const directory = cognitoDirectory(new CognitoIdentityProviderClient({}), 'pool-1', 'client-1');
const meta = { message: 'x', $metadata: {} };

beforeEach(() => cognito.reset());

describe('the recovery phone', () => {
  it('is set verified with AdminUpdateUserAttributes (no verification SMS); an unknown user is no account; throttling is a 429', async () => {
    cognito.on(AdminUpdateUserAttributesCommand).resolves({});
    expect(await directory.setRecoveryPhone('a@b.it', '+393471234567')).toBe('updated');
    expect(cognito.commandCalls(AdminUpdateUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'a@b.it',
      UserAttributes: [
        { Name: 'phone_number', Value: '+393471234567' },
        { Name: 'phone_number_verified', Value: 'true' },
      ],
    });
    cognito.on(AdminUpdateUserAttributesCommand).rejects(new UserNotFoundException(meta));
    expect(await directory.setRecoveryPhone('a@b.it', '+393471234567')).toBe('no-account');
    cognito.on(AdminUpdateUserAttributesCommand).rejects(new TooManyRequestsException(meta));
    await expect(directory.setRecoveryPhone('a@b.it', '+393471234567')).rejects.toMatchObject({ status: 429 });
  });
});

describe('the self-service calls of the Cognito directory', () => {
  it('reset by an emailed code: a permanent AdminSetUserPassword on the pool; unknown user and history are outcomes', async () => {
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    expect(await directory.resetPassword('a@b.it', 'P')).toBe('done');
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'a@b.it',
      Password: 'P',
      Permanent: true,
    });
    cognito.on(AdminSetUserPasswordCommand).rejects(new UserNotFoundException(meta));
    expect(await directory.resetPassword('a@b.it', 'P')).toBe('unknown-user');
    cognito.on(AdminSetUserPasswordCommand).rejects(new InvalidPasswordException(meta));
    expect(await directory.resetPassword('a@b.it', 'P')).toBe('password-rejected');
    cognito.on(AdminSetUserPasswordCommand).rejects(new TooManyRequestsException(meta));
    await expect(directory.resetPassword('a@b.it', 'P')).rejects.toMatchObject({ status: 429 });
  });

  it('calls the public APIs with the app client id', async () => {
    cognito.on(ForgotPasswordCommand).resolves({});
    cognito.on(ConfirmForgotPasswordCommand).resolves({});
    expect(await directory.forgotPassword('a@b.it')).toBe('sent');
    expect(await directory.confirmForgotPassword('a@b.it', '123456', 'P')).toBe('done');
    expect(cognito.commandCalls(ForgotPasswordCommand)[0]?.args[0].input).toEqual({ ClientId: 'client-1', Username: 'a@b.it' });
    expect(cognito.commandCalls(ConfirmForgotPasswordCommand)[0]?.args[0].input).toMatchObject({
      ClientId: 'client-1',
      ConfirmationCode: '123456',
    });
  });

  it('forgot: unknown user, no phone and refused (disabled, temporary password pending) are outcomes, not errors; throttling is a 429', async () => {
    cognito.on(ForgotPasswordCommand).rejects(new UserNotFoundException(meta));
    expect(await directory.forgotPassword('a@b.it')).toBe('unknown-user');
    cognito.on(ForgotPasswordCommand).rejects(new InvalidParameterException(meta));
    expect(await directory.forgotPassword('a@b.it')).toBe('no-recovery-channel');
    cognito.on(ForgotPasswordCommand).rejects(new NotAuthorizedException(meta));
    expect(await directory.forgotPassword('a@b.it')).toBe('refused');
    cognito.on(ForgotPasswordCommand).rejects(new CodeDeliveryFailureException(meta));
    expect(await directory.forgotPassword('a@b.it')).toBe('delivery-failed');
    for (const error of [new LimitExceededException(meta), new TooManyRequestsException(meta)]) {
      cognito.on(ForgotPasswordCommand).rejects(error);
      await expect(directory.forgotPassword('a@b.it')).rejects.toMatchObject({ status: 429, code: 'too_many_requests' });
    }
    cognito.on(ForgotPasswordCommand).rejects(new InternalErrorException(meta));
    await expect(directory.forgotPassword('a@b.it')).rejects.toBeInstanceOf(InternalErrorException);
  });

  it('confirm: an unknown user reads as a wrong code; expired, history and too many tries are told apart', async () => {
    const cases = [
      [new CodeMismatchException(meta), 'code-invalid'],
      [new UserNotFoundException(meta), 'code-invalid'],
      [new ExpiredCodeException(meta), 'code-expired'],
      [new InvalidPasswordException(meta), 'password-rejected'],
    ] as const;
    for (const [error, outcome] of cases) {
      cognito.on(ConfirmForgotPasswordCommand).rejects(error);
      expect(await directory.confirmForgotPassword('a@b.it', '1', 'P')).toBe(outcome);
    }
    cognito.on(ConfirmForgotPasswordCommand).rejects(new TooManyFailedAttemptsException(meta));
    await expect(directory.confirmForgotPassword('a@b.it', '1', 'P')).rejects.toMatchObject({ status: 429 });
  });

  it('change: the user’s token goes to ChangePassword; a wrong current password is its own outcome', async () => {
    cognito.on(ChangePasswordCommand).resolves({});
    expect(await directory.changePassword('tok', 'old', 'new')).toBe('done');
    expect(cognito.commandCalls(ChangePasswordCommand)[0]?.args[0].input).toEqual({
      AccessToken: 'tok',
      PreviousPassword: 'old',
      ProposedPassword: 'new',
    });
    cognito.on(ChangePasswordCommand).rejects(new NotAuthorizedException(meta));
    expect(await directory.changePassword('tok', 'old', 'new')).toBe('current-invalid');
    cognito.on(ChangePasswordCommand).rejects(new InvalidPasswordException(meta));
    expect(await directory.changePassword('tok', 'old', 'new')).toBe('password-rejected');
    cognito.on(ChangePasswordCommand).rejects(new LimitExceededException(meta));
    await expect(directory.changePassword('tok', 'old', 'new')).rejects.toMatchObject({ status: 429 });
  });

  it('refuses self-service calls when built without the app client id', async () => {
    const adminOnly = cognitoDirectory(new CognitoIdentityProviderClient({}), 'pool-1');
    await expect(adminOnly.forgotPassword('a@b.it')).rejects.toThrow(/USER_POOL_CLIENT_ID/);
  });
});

describe('signing a user out everywhere', () => {
  it('revokes the sessions through AdminUserGlobalSignOut on the pool', async () => {
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    await directory.signOutEverywhere('a@b.it');
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'a@b.it' });
  });

  it("passes Cognito's failures on (the reset then stops before any password), and only skips the emulator's missing call", async () => {
    cognito.on(AdminUserGlobalSignOutCommand).rejects(new TooManyRequestsException(meta));
    await expect(directory.signOutEverywhere('a@b.it')).rejects.toBeInstanceOf(TooManyRequestsException);
    // What cognito-local answers for a call it lacks (a 500 the SDK names `Unsupported`).
    const gap = Object.assign(new Error('Unsupported x-amz-target header'), { name: 'Unsupported', $fault: 'server' });
    cognito.on(AdminUserGlobalSignOutCommand).rejects(gap);
    await expect(directory.signOutEverywhere('a@b.it')).resolves.toBeUndefined();
    cognito.on(AdminUserGlobalSignOutCommand).rejects(Object.assign(new Error('client'), { name: 'Unsupported', $fault: 'client' }));
    await expect(directory.signOutEverywhere('a@b.it')).rejects.toThrow('client');
    const lookalike = Object.assign(new Error('lookalike'), { name: 'UnsupportedUserStateException', $fault: 'server' });
    cognito.on(AdminUserGlobalSignOutCommand).rejects(lookalike);
    await expect(directory.signOutEverywhere('a@b.it')).rejects.toThrow('lookalike');
  });
});

describe('every account Posta creates is a staff member’s', () => {
  it('creates the account and puts it in the `staff` group; an account that exists is put in it too', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    expect(await directory.createUser('a@b.it', { locale: 'it' })).toBe('created');
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException(meta));
    expect(await directory.createUser('a@b.it', { locale: 'it' })).toBe('existed');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: 'pool-1', Username: 'a@b.it', GroupName: 'staff' },
      { UserPoolId: 'pool-1', Username: 'a@b.it', GroupName: 'staff' },
    ]);
  });

  it('a failed group call fails the creation (the provision message is retried), and nothing else is swallowed', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).rejects(new TooManyRequestsException(meta));
    await expect(directory.createUser('a@b.it', {})).rejects.toBeInstanceOf(TooManyRequestsException);
    cognito.on(AdminCreateUserCommand).rejects(new InvalidParameterException(meta));
    await expect(directory.createUser('a@b.it', {})).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('the role side of the user pool', () => {
  const roles = cognitoRoleDirectory(new CognitoIdentityProviderClient({}), 'pool-1');

  it('groups and sign-out go by the user’s sub; the emulator’s missing sign-out is skipped, Cognito’s failures are not', async () => {
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminRemoveUserFromGroupCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    await roles.addToGroup('sub-1', 'moderator');
    await roles.removeFromGroup('sub-1', 'moderator');
    await roles.signOutEverywhere('sub-1');
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: 'pool-1',
      Username: 'sub-1',
      GroupName: 'moderator',
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: 'sub-1' });

    cognito.on(AdminUserGlobalSignOutCommand).rejects(Object.assign(new Error('Unsupported'), { name: 'Unsupported', $fault: 'server' }));
    await expect(roles.signOutEverywhere('sub-1')).resolves.toBeUndefined();
    cognito.on(AdminUserGlobalSignOutCommand).rejects(new InternalErrorException(meta));
    await expect(roles.signOutEverywhere('sub-1')).rejects.toBeInstanceOf(InternalErrorException);
  });
});
