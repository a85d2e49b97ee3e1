/** Email templates: each exists in every locale as `<prefix>-<name>-<locale>`. */
export const EMAIL_TEMPLATES = [
  'password-changed',
  'migration-notice',
  'migration-reminder',
  'activation-notice',
  'activation-window-closed',
  'temporary-password-expired',
  'password-expiry-warning',
  'password-expired',
  'password-reset-done',
  'alternate-email-code',
  'password-reset-code',
  'alternate-email-changed',
  'contact-changed',
  'phone-update-digest',
  'staff-message',
] as const;
export type EmailTemplateName = (typeof EMAIL_TEMPLATES)[number];
