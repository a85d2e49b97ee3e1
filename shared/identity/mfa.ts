import { type CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Role, RouteDef } from '../catalog';
import { ForbiddenError } from '../errors';

/**
 * The roles that reset passwords, decide for an institution, run the deployment or read its whole
 * audit trail: a caller acting with one of them must have signed in with a TOTP second factor.
 */
export const MFA_ROLES: readonly Role[] = ['school-admin', 'officer', 'approver', 'support', 'operator', 'auditor'];

/** Set (to `true`) on every staff-route function in the cloud; `npm start -- --mfa` sets it locally. */
export const MFA_REQUIRED_ENV = 'MFA_REQUIRED';

/**
 * Whether this call may rely on a privileged role: the route is not about the caller's own account
 * (`self`), and one of the caller's roles that the route admits is privileged. A school admin
 * reading their own `/v1/me` needs no second factor; filing a reset does. Roles are held per
 * institution and the target is not known yet when this is decided, so a moderator of one school
 * who is an operator too needs the factor for list work as well: otherwise the operator role would
 * reach every institution's lists without it.
 */
export function needsMfa(route: Pick<RouteDef, 'allow' | 'rule'>, roles: readonly string[]): boolean {
  if (route.rule === 'self') return false;
  return roles.some((r) => route.allow?.includes(r as Role) && MFA_ROLES.includes(r as Role));
}

/** Whether the signed-in user has a TOTP second factor active. */
export type TotpCheck = (accessToken: string) => Promise<boolean>;

/**
 * Cognito's own answer (`GetUser` with the caller's token: no IAM permission, the token is the
 * authority). With the pool's MFA `OPTIONAL`, Cognito asks every sign-in of a user with TOTP
 * active for the code, so an active factor means this session's sign-in passed it. Answers are
 * kept per token for a few minutes (a token lives an hour): one call per session, not per request.
 */
export function cognitoTotpCheck(client: CognitoIdentityProviderClient, ttlMs = 5 * 60_000, now = () => Date.now()): TotpCheck {
  const known = new Map<string, { active: boolean; until: number }>();
  return async (accessToken) => {
    const hit = known.get(accessToken);
    if (hit && hit.until > now()) return hit.active;
    const user = await client.send(new GetUserCommand({ AccessToken: accessToken }));
    const active = (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
    if (known.size > 1000) known.clear();
    known.set(accessToken, { active, until: now() + ttlMs });
    return active;
  };
}

/**
 * Refuses (403 `mfa_required`) a call that relies on a privileged role from a user without an
 * active TOTP factor. The answer says how to fix it: enrol an authenticator app (Cognito's
 * AssociateSoftwareToken / VerifySoftwareToken / SetUserMFAPreference with one's own token), then
 * sign in again.
 */
export async function requireMfa(
  route: Pick<RouteDef, 'allow' | 'rule'>,
  roles: readonly string[],
  accessToken: string | null,
  totpActive: TotpCheck,
): Promise<void> {
  if (!needsMfa(route, roles)) return;
  if (accessToken && (await totpActive(accessToken))) return;
  throw new ForbiddenError(
    'This role requires a second factor: set up an authenticator app (TOTP) for your account, then sign in again',
    'mfa_required',
  );
}
