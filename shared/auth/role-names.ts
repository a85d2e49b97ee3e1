/** Cognito groups: a user's role. Scope (institution, region) lives server-side in DynamoDB. */
export const ROLES = ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator'] as const;
export type Role = (typeof ROLES)[number];
