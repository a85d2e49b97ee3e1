import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../auth/scope';
import type { Clock } from '../clock';
import { NotFoundError } from '../errors';
import { foldLogin } from '../staff/login';

/** A sign-in account as an operator needs it to grant a role: its `sub` (what role routes take). */
export interface UserAccount {
  sub: string;
  login: string;
  enabled: boolean;
  status: string;
}

/** The user pool, by login (the pool's username: the mailbox address). */
export interface UserAccounts {
  byLogin(login: string): Promise<UserAccount | null>;
}

export interface UserLookupDeps {
  users: UserAccounts;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Operators grant roles by `sub` (`PUT /v1/role-assignments/{sub}`), which no other route gives
 * them: this resolves a login to it. Audited (the account looked up, not a secret); an unknown
 * login is 404 `user_not_found`.
 */
export async function findUserByLogin(login: string, actor: Actor, deps: UserLookupDeps, requestId: string): Promise<UserAccount> {
  const user = await deps.users.byLogin(foldLogin(login));
  await deps.audit.record({
    actor: actor.sub,
    role: 'operator',
    action: 'user.looked-up',
    target: user ? `PRINCIPAL#${user.sub}` : 'unknown-user',
    institution: 'none',
    at: deps.clock.now(),
    requestId,
    outcome: 'success',
    details: { found: user !== null },
  });
  if (!user) throw new NotFoundError('The user', 'user_not_found');
  return user;
}
