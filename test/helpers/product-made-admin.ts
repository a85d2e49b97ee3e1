import { expect } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import type { Json } from './api-client';
import { completeFirstSignIn, eventually } from './local-clients';
import type { ProfileStack } from './profile-stack';
import type { StaffRow } from './staff-fixtures';

/**
 * A launched member (it-miur: `launchSmallLot` made them) signs in for the first time with the
 * temporary password the launch sent by SMS and chooses their own: an account the product made.
 * Returns their access token, login, sub and chosen password.
 */
export async function productMadeAccount(
  stack: Pick<ProfileStack, 'runtime' | 'api'>,
  row: StaffRow,
  chosen = 'Mia-Parola-2027!',
): Promise<{ token: string; login: string; sub: string; password: string }> {
  const texts = await eventually(
    async () => (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as SmsRecord[],
    (l) => l.length > 0,
  );
  const password = /: (\S+)$/.exec(texts.at(-1)?.message ?? '')?.[1] ?? 'missing';
  const login = row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
  const token = (await completeFirstSignIn(stack.runtime, login, password, chosen)).AccessToken;
  const sub = (await stack.api.call(token, 'GET', '/v1/me')).body.sub;
  return { token, login, sub, password: chosen };
}

/**
 * The operator grants a role to an account by its login, as the console does: the login's `sub`
 * from `GET /v1/users/{login}`, then `PUT /v1/role-assignments/{sub}` with the grant.
 */
export async function grantByLogin(stack: Pick<ProfileStack, 'api'>, operator: string, login: string, grant: Json): Promise<void> {
  const user = await stack.api.call(operator, 'GET', `/v1/users/${encodeURIComponent(login)}`);
  expect(user.status, JSON.stringify(user.body)).toBe(200);
  const granted = await stack.api.call(operator, 'PUT', `/v1/role-assignments/${user.body.sub}`, grant);
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
}

/**
 * A product-made account (`productMadeAccount`) granted `school-admin` of its institution through
 * the API by the operator: a school admin the product made. Returns their access token and login.
 */
export async function productMadeSchoolAdmin(
  stack: Pick<ProfileStack, 'runtime' | 'api'>,
  operator: string,
  row: StaffRow,
): Promise<{ token: string; login: string }> {
  const { token, login, sub } = await productMadeAccount(stack, row);
  const granted = await stack.api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, {
    role: 'school-admin',
    institutionCode: row.institutionCode,
  });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  return { token, login };
}
