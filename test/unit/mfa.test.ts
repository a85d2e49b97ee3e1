import { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Grant } from '../../shared/auth/scope';
import { ROUTES } from '../../shared/catalog';
import { cognitoTotpCheck, MFA_REQUIRED_ENV, MFA_ROLES, needsMfa, requireMfa } from '../../shared/identity/mfa';
import { context, httpEvent } from '../helpers/http-event';

const route = (id: string) => {
  const def = ROUTES.find((r) => r.id === id);
  if (!def) throw new Error(id);
  return def;
};

describe('TOTP required of privileged roles', () => {
  it.each([
    ['fileResetRequest', ['officer'], true],
    ['listLots', ['operator'], true],
    ['sendActivationNotices', ['school-admin'], true],
    ['supportVerifyCode', ['support'], true],
    ['approveResetRequest', ['approver'], true],
    // Their own account needs no second factor (so they can still read it and change their password).
    ['getMe', ['operator'], false],
    ['changeMyPassword', ['school-admin'], false],
    // Unprivileged roles never need one.
    ['createGroup', ['moderator'], false],
    ['requestToJoinGroup', ['staff'], false],
    // A moderator who is also a support agent manages lists as a moderator (support is not admitted there).
    ['createGroup', ['moderator', 'support'], false],
    // A moderator who is also an operator could reach every institution's lists as the operator.
    ['createGroup', ['moderator', 'operator'], true],
    // A role the route does not admit does not make it privileged.
    ['listLots', ['staff'], false],
  ])('%s as %j: %s', (id, roles, expected) => {
    expect(needsMfa(route(id), roles)).toBe(expected);
  });

  it('names exactly the roles that reset passwords, decide for an institution or run the deployment', () => {
    expect([...MFA_ROLES].sort()).toEqual(['approver', 'auditor', 'officer', 'operator', 'school-admin', 'support']);
  });

  it('refuses with 403 mfa_required without an active TOTP factor, or without a token at all', async () => {
    const refused = expect.objectContaining({ status: 403, code: 'mfa_required' });
    await expect(requireMfa(route('listLots'), ['operator'], 'token', async () => false)).rejects.toEqual(refused);
    await expect(requireMfa(route('listLots'), ['operator'], null, async () => true)).rejects.toEqual(refused);
    await expect(requireMfa(route('listLots'), ['operator'], 'token', async () => true)).resolves.toBeUndefined();
    await expect(requireMfa(route('getMe'), ['operator'], 'token', async () => false)).resolves.toBeUndefined();
  });

  it('asks Cognito (GetUser with the caller’s token) once per token for a few minutes', async () => {
    const client = new CognitoIdentityProviderClient({ region: 'eu-south-1' });
    const mock = mockClient(client);
    mock
      .on(GetUserCommand, { AccessToken: 'with' })
      .resolves({ Username: 'a', UserAttributes: [], UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    mock.on(GetUserCommand, { AccessToken: 'without' }).resolves({ Username: 'b', UserAttributes: [], UserMFASettingList: [] });
    let now = 0;
    const check = cognitoTotpCheck(client, 60_000, () => now);
    expect(await check('with')).toBe(true);
    expect(await check('with')).toBe(true);
    expect(await check('without')).toBe(false);
    expect(mock.commandCalls(GetUserCommand)).toHaveLength(2);
    now = 61_000;
    expect(await check('with')).toBe(true);
    expect(mock.commandCalls(GetUserCommand)).toHaveLength(3);
    mock.restore();
  });
});

describe('the second factor in the policy flow (actorRoute, MFA required)', () => {
  const db = mockClient(DynamoDBDocumentClient);
  let idp: ReturnType<typeof mockClient>;
  let actorRoute: typeof import('../../shared/http/actor-route').actorRoute;
  beforeAll(async () => {
    vi.stubEnv('POSTA_PROFILE', 'it-miur');
    vi.stubEnv('AUDIT_TABLE', 'Audit');
    vi.stubEnv('AUDIT_CHAIN_KEY', 'unit-test-audit-chain-key-0123456789abcdef');
    vi.stubEnv(MFA_REQUIRED_ENV, 'true');
    vi.stubEnv('AWS_REGION', 'eu-south-1');
    // The setting is read once per container: a fresh module reads it.
    vi.resetModules();
    // The Cognito client of that fresh module graph, which the route asks about TOTP.
    idp = mockClient((await import('../../shared/clients/cognito')).cognito);
    ({ actorRoute } = await import('../../shared/http/actor-route'));
    db.on(QueryCommand).resolves({ Items: [] });
    db.on(PutCommand).resolves({});
    idp.on(GetUserCommand).resolves({ Username: 'u', UserAttributes: [], UserMFASettingList: [] });
    idp
      .on(GetUserCommand, { AccessToken: 'with-totp' })
      .resolves({ Username: 'u', UserAttributes: [], UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    db.restore();
    idp.restore();
  });

  const run = async (routeId: string, grants: Grant[], token: string) => {
    const route = actorRoute({ routeId, scopes: { grantsOf: async () => grants } }, async () => ({ status: 200 }));
    const event = httpEvent({ claims: { sub: 'u-1', username: 'u@x.it' }, headers: { authorization: `Bearer ${token}` } });
    const answer = (await route(event as never, context as never)) as { statusCode: number; body: string };
    return { status: answer.statusCode, code: answer.body ? JSON.parse(answer.body).code : undefined };
  };
  const refusals = () =>
    db
      .commandCalls(PutCommand)
      .map((c) => c.args[0].input.Item as Record<string, unknown>)
      .filter((i) => i.outcome === 'refused');

  it('is asked only once the policy allowed the call: a role the route does not admit is role_not_allowed, not mfa_required', async () => {
    expect(await run('listLots', [{ role: 'staff', institution: 'DEMO001' }], 'no-totp')).toEqual({
      status: 403,
      code: 'role_not_allowed',
    });
  });

  it('refuses (audited) a privileged pair without TOTP, lets it through with TOTP; own account and moderators need none', async () => {
    const operator: Grant[] = [{ role: 'operator', institution: null }];
    expect(await run('listLots', operator, 'no-totp')).toEqual({ status: 403, code: 'mfa_required' });
    expect(refusals().at(-1)).toMatchObject({ actor: 'u-1', action: 'route.listLots', role: 'operator', reason: 'mfa_required' });
    expect((await run('listLots', operator, 'with-totp')).status).toBe(200);
    expect((await run('getMe', operator, 'no-totp')).status).toBe(200);
    expect((await run('createGroup', [{ role: 'moderator', institution: 'DEMO001' }], 'no-totp')).status).toBe(200);
    // A moderator of one school who is also an operator: the operator pair reaches every list.
    expect((await run('createGroup', [{ role: 'moderator', institution: 'DEMO001' }, ...operator], 'no-totp')).code).toBe('mfa_required');
  });
});
