import { accountView } from '../../shared/activation/account-view';
import { dynamo } from '../../shared/clients/dynamodb';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { openForwarding } from '../../shared/forwarding/forwarding';
import { httpRoute } from '../../shared/http/route';
import { dynamoMemberStore } from '../../shared/members/member-store';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);

/**
 * The signed-in user; a staff member also sees their account's state, when its password expires
 * and until when mail to their old address is forwarded.
 */
export const handler = httpRoute({ auth: 'jwt' }, async ({ principal }) => {
  const member = principal.login ? await members.getByAddress(principal.login) : null;
  return {
    status: 200,
    body: {
      sub: principal.sub,
      login: principal.login,
      roles: principal.roles,
      profile: { id: profile.id, mailDomain: profile.newMailDomain, defaultLocale: profile.defaultLocale },
      account: member ? accountView(member, profile) : null,
      forwarding: member ? forwardingView(member) : null,
    },
  };
});

function forwardingView(member: Parameters<typeof openForwarding>[0]) {
  const open = openForwarding(member, profile, systemClock.now());
  return open && { from: open.from, until: open.until };
}
