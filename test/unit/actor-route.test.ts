import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { assertInstitution, type Grant, type ScopeStore } from '../../shared/auth/scope';
import { context, httpEvent } from '../helpers/http-event';

// Refusals are audited through the shared DynamoDB client: mocked, so its writes can be read.
const db = mockClient(DynamoDBDocumentClient);
let actorRoute: typeof import('../../shared/http/actor-route').actorRoute;
beforeAll(async () => {
  vi.stubEnv('POSTA_PROFILE', 'it-miur');
  vi.stubEnv('AUDIT_TABLE', 'Audit');
  vi.stubEnv('AUDIT_CHAIN_KEY', 'unit-test-audit-chain-key-0123456789abcdef');
  ({ actorRoute } = await import('../../shared/http/actor-route'));
});
afterAll(() => {
  vi.unstubAllEnvs();
  db.restore();
});
beforeEach(() => {
  db.reset();
  db.on(QueryCommand).resolves({ Items: [] });
  db.on(PutCommand).resolves({});
});
/** The refusals written to the audit table. */
const refusals = () =>
  db
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input.Item as Record<string, unknown>)
    .filter((item) => item.outcome === 'refused');

type Result = { statusCode: number; body: string };
const call = async (handler: (e: never, c: never) => Promise<unknown>, event: unknown) =>
  (await handler(event as never, context as never)) as Result;

/** The role store as the route reads it; `staffAsked` tells whether the staff register was consulted. */
function store(grants: Grant[]): ScopeStore & { staffAsked: boolean[] } {
  const staffAsked: boolean[] = [];
  return {
    staffAsked,
    grantsOf: async (_principal, options) => {
      staffAsked.push(options?.staff ?? false);
      return grants;
    },
  };
}

// The token claims to be an operator: the route must not care.
const event = (body?: unknown) =>
  httpEvent({
    claims: { sub: 'u-1', username: 'u@x.it', 'cognito:groups': '[operator]' },
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
const lotBody = z.object({ name: z.string().min(1) });

describe('actorRoute: every call decided by the policy on the server-side pairs', () => {
  it('ignores the token’s groups: the role store decides, before the input is read (403, never 400)', async () => {
    const nobody = store([]);
    const route = actorRoute({ routeId: 'createLot', scopes: nobody, body: lotBody }, async () => ({ status: 201 }));
    const refused = await call(route, event({ name: '' }));
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'role_not_allowed' });
    expect(refusals()).toEqual([
      expect.objectContaining({ actor: 'u-1', action: 'route.createLot', institution: 'none', reason: 'role_not_allowed', role: 'none' }),
    ]);

    const operator = actorRoute(
      { routeId: 'createLot', scopes: store([{ role: 'operator', institution: null }]), body: lotBody },
      async () => ({
        status: 201,
      }),
    );
    expect((await call(operator, event({ name: '' }))).statusCode).toBe(400);
    expect((await call(operator, event({ name: 'Lot' }))).statusCode).toBe(201);
    // Lots admit no staff: the staff register is not read for them.
    expect(nobody.staffAsked).toEqual([false]);
  });

  it('a member on the staff register may change their password; the route asks for the register', async () => {
    const member = store([{ role: 'staff', institution: 'DEMO001' }]);
    const route = actorRoute({ routeId: 'changeMyPassword', scopes: member }, async ({ actor }) => ({ status: 200, body: actor }));
    const ok = await call(route, event());
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ sub: 'u-1', action: 'changeMyPassword', roles: ['staff'] });
    expect(member.staffAsked).toEqual([true]);
  });

  it('an institution route: a role held nowhere is no_scope; the use case’s target check is the same policy, per role', async () => {
    const noPlace = actorRoute(
      { routeId: 'getInstitutionProgress', scopes: store([{ role: 'school-admin', institution: null }]) },
      async () => ({
        status: 200,
      }),
    );
    expect(JSON.parse((await call(noPlace, event())).body)).toMatchObject({ code: 'no_scope' });

    // School admin of DEMO001 and moderator of OTHER001: progress of OTHER001 is not a moderator's right.
    const twoRoles = store([
      { role: 'school-admin', institution: 'DEMO001' },
      { role: 'moderator', institution: 'OTHER001' },
    ]);
    const progress = actorRoute({ routeId: 'getInstitutionProgress', scopes: twoRoles }, async ({ actor }) => {
      assertInstitution(actor, 'OTHER001');
      return { status: 200 };
    });
    const refused = await call(progress, event());
    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'institution_out_of_scope' });
    // Audited by the route, in the trail of the institution that was targeted.
    expect(refusals().at(-1)).toMatchObject({
      action: 'route.getInstitutionProgress',
      target: 'INSTITUTION#OTHER001',
      institution: 'OTHER001',
      role: 'school-admin',
      reason: 'institution_out_of_scope',
    });
  });

  it('a refusal is still a 403 when the audit table does not answer', async () => {
    db.rejects(new Error('DynamoDB is down'));
    const route = actorRoute({ routeId: 'createLot', scopes: store([]) }, async () => ({ status: 201 }));
    expect((await call(route, event())).statusCode).toBe(403);
  });
});
