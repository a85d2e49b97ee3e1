import { accountView } from '../../shared/activation/account-view';
import { dynamoScopeStore } from '../../shared/auth/scope';
import { dynamo } from '../../shared/clients/dynamodb';
import { systemClock } from '../../shared/clock';
import { readEnv, setting } from '../../shared/config/env';
import { profile } from '../../shared/config/profile';
import { openForwarding } from '../../shared/forwarding/forwarding';
import { actorRoute } from '../../shared/http/actor-route';
import { dynamoMemberStore } from '../../shared/members/member-store';
import { alternateEmailView } from '../../shared/passwords/alternate-email';

const env = readEnv({ DIRECTORY_TABLE: setting() });
const members = dynamoMemberStore(dynamo, env.DIRECTORY_TABLE);
const scopes = dynamoScopeStore(dynamo, env.DIRECTORY_TABLE);

/**
 * The signed-in user: their roles as the server holds them (a member of the staff register is
 * `staff`), each with where it applies; a staff member also sees their account's state, when its
 * password expires, their alternate email (masked) with whether it is verified, and until when
 * mail to their old address is forwarded.
 */
export const handler = actorRoute({ routeId: 'getMe', scopes }, async ({ actor }) => {
  const member = actor.login ? await members.getByAddress(actor.login.toLowerCase()) : null;
  return {
    status: 200,
    body: {
      sub: actor.sub,
      login: actor.login,
      roles: actor.roles,
      assignments: actor.grants.map((g) => ({
        role: g.role,
        institutionCode: g.institution,
        ...(g.support && { supportScope: g.support }),
      })),
      profile: { id: profile.id, mailDomain: profile.newMailDomain, defaultLocale: profile.defaultLocale },
      account: member ? { ...accountView(member, profile), ...alternateEmailView(member, systemClock.now()) } : null,
      forwarding: member ? forwardingView(member) : null,
    },
  };
});

function forwardingView(member: Parameters<typeof openForwarding>[0]) {
  const open = openForwarding(member, profile, systemClock.now());
  return open && { from: open.from, until: open.until };
}
