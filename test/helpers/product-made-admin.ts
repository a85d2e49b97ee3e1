import { expect } from 'vitest';
import type { SmsRecord } from '../../local/emulators/sms-sink';
import { completeFirstSignIn, eventually } from './local-clients';
import type { ProfileStack } from './profile-stack';
import type { StaffRow } from './staff-fixtures';

/**
 * A launched member (it-miur: `launchSmallLot` made them) signs in for the first time with the
 * temporary password the launch sent by SMS, chooses their own, and is granted `school-admin` of
 * their institution through `PUT /v1/role-assignments/{sub}` by the operator: a school admin the
 * product made. Returns their access token and login.
 */
export async function productMadeSchoolAdmin(
  stack: Pick<ProfileStack, 'runtime' | 'api'>,
  operator: string,
  row: StaffRow,
): Promise<{ token: string; login: string }> {
  const texts = await eventually(
    async () => (await (await fetch(`${stack.runtime.urls.sms}/messages?phone=${encodeURIComponent(row.phone)}`)).json()) as SmsRecord[],
    (l) => l.length > 0,
  );
  const password = /: (\S+)$/.exec(texts.at(-1)?.message ?? '')?.[1] ?? 'missing';
  const login = row.oldAddress.replace('@istruzione.it', '@posta.istruzione.it');
  const token = (await completeFirstSignIn(stack.runtime, login, password, 'Mia-Parola-2027!')).AccessToken;
  const sub = (await stack.api.call(token, 'GET', '/v1/me')).body.sub;
  const granted = await stack.api.call(operator, 'PUT', `/v1/role-assignments/${sub}`, {
    role: 'school-admin',
    institutionCode: row.institutionCode,
  });
  expect(granted.status, JSON.stringify(granted.body)).toBe(200);
  return { token, login };
}
