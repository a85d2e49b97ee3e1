import * as z from 'zod';
import { foldMemberLogin } from '../staff/login';

// The policy itself is checked by the use case (400 `password_policy`, field `body.newPassword`),
// so a schema failure here says only that the value is missing or absurd.
const password = z.string().min(1).max(256);
// Folded as typed (spaces, case, Turkish İ/ı, NFKC, accents; see foldMemberLogin) before the address check, so
// `İLKER.ISIK@…` from a Turkish keyboard with caps lock is the member's `ilker.isik@…`.
const login = z
  .preprocess((v) => (typeof v === 'string' ? foldMemberLogin(v) : v), z.email().max(254))
  .describe('The member’s login: their new mail address (case, surrounding spaces and Turkish İ/ı ignored)');

const channel = z.enum(['sms', 'email']).meta({ id: 'ResetChannel' });

export const forgotPasswordBody = z
  .object({
    login,
    channel: channel
      .optional()
      .describe(
        'Where the code goes: `sms` (the mobile phone on record, through Cognito) or `email` (the alternate email the member verified, once its 24-hour hold is over). Absent: the member’s choice — `email` when they have a usable verified address, else `sms`',
      ),
  })
  .strict()
  .meta({ id: 'ForgotPassword' });

export const forgotPasswordAnswer = z
  .object({
    status: z.literal('accepted'),
    message: z.string(),
    helpdesk: z
      .object({ email: z.string(), phone: z.string(), hours: z.string() })
      .describe('Whom to call when no code arrives (no phone, no verified alternate email, closed account): said to everyone alike'),
  })
  .describe('The same answer whether or not the login exists, whatever the channel')
  .meta({ id: 'ForgotPasswordAnswer' });

export const confirmForgotPasswordBody = z
  .object({
    login,
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits received by SMS or email'),
    newPassword: password.describe('Must meet the pool’s password policy'),
    channel: channel.optional().describe('Where the code came from, as asked for: `sms` (default) or `email`'),
  })
  .strict()
  .meta({ id: 'ConfirmForgotPassword' });

export const passwordResetSchema = z.object({ status: z.literal('password-reset') }).meta({ id: 'PasswordReset' });

export const changePasswordBody = z
  .object({ currentPassword: password, newPassword: password.describe('Must meet the pool’s password policy') })
  .strict()
  .meta({ id: 'ChangePassword' });

export const passwordChangedSchema = z.object({ status: z.literal('password-changed') }).meta({ id: 'PasswordChanged' });
