import * as z from 'zod';

// The policy itself is checked by the use case (400 `password_policy`, field `body.newPassword`),
// so a schema failure here says only that the value is missing or absurd.
const password = z.string().min(1).max(256);
const login = z.email().max(254).toLowerCase().describe('The member’s login: their new mail address');

export const forgotPasswordBody = z.object({ login }).strict().meta({ id: 'ForgotPassword' });

export const forgotPasswordAnswer = z
  .object({ status: z.literal('accepted'), message: z.string() })
  .describe('The same answer whether or not the login exists')
  .meta({ id: 'ForgotPasswordAnswer' });

export const confirmForgotPasswordBody = z
  .object({
    login,
    code: z.string().regex(/^\d{6}$/, 'must be the 6 digits received by SMS'),
    newPassword: password.describe('Must meet the pool’s password policy'),
  })
  .strict()
  .meta({ id: 'ConfirmForgotPassword' });

export const passwordResetSchema = z.object({ status: z.literal('password-reset') }).meta({ id: 'PasswordReset' });

export const changePasswordBody = z
  .object({ currentPassword: password, newPassword: password.describe('Must meet the pool’s password policy') })
  .strict()
  .meta({ id: 'ChangePassword' });

export const passwordChangedSchema = z.object({ status: z.literal('password-changed') }).meta({ id: 'PasswordChanged' });
