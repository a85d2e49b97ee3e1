/** Email templates: each exists in every locale as `<prefix>-<name>-<locale>`. */
export const EMAIL_TEMPLATES = ['password-changed'] as const;
export type EmailTemplateName = (typeof EMAIL_TEMPLATES)[number];
