/** Cognito groups: a user's role. Scope (institution, region) lives server-side in DynamoDB. */
export const ROLES = ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles held once for the whole deployment, never per institution (stored as `ROLE#<role>#*`):
 * operators run the deployment; auditors read its whole audit trail and nothing else. An auditor
 * is deployment-wide rather than per institution because the trail is not only per institution:
 * queries by actor or target span every institution, refusals of callers with no institution are
 * filed under `none`, and a chain check is asked of any partition — and an institution's own
 * trail is already readable by its school admins. Read-only is the catalog's doing: `auditor` is
 * on the audit read routes, the institution registry's listing (codes and names, to pick an
 * institution's trail by) and the caller's own account, on no route that changes anything.
 */
export const DEPLOYMENT_ROLES = ['operator', 'auditor'] as const satisfies readonly Role[];

/** Whether a role is held deployment-wide (operator, auditor): no institution, no reach. */
export const isDeploymentRole = (role: Role): boolean => (DEPLOYMENT_ROLES as readonly Role[]).includes(role);
