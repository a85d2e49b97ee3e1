import { describe, expect, it } from 'vitest';
import { assertRouteRules } from '../../infra/build-app';
import { authorize, type Caller, routesWithoutRule } from '../../shared/auth/authorize';
import type { Scope } from '../../shared/auth/scope';
import { ROLES, ROUTES, type Role, type RouteDef } from '../../shared/catalog';

/*
 * The authorization table, written by hand: who may call each route and on what. It is NOT read
 * from the catalog, so changing a route's roles or rule in either place fails this test until the
 * other agrees. A new route must be added here too.
 */
const ALL: Role[] = ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator'];
const ADMIN: Role[] = ['operator', 'school-admin'];
const OPS: Role[] = ['operator'];
const MOD: Role[] = ['moderator', 'operator'];
const SUP: Role[] = ['support', 'operator'];
const RESETS: Role[] = ['officer', 'approver', 'operator'];

type Rule = 'public' | 'machine' | 'self' | 'any' | 'institution';
const TABLE: Record<string, [Rule, Role[]]> = {
  health: ['public', []],
  openapi: ['public', []],
  getMe: ['self', ALL],
  sendActivationNotices: ['institution', ADMIN],
  reopenActivationWindow: ['institution', ADMIN],
  startActivation: ['public', []],
  confirmActivation: ['public', []],
  forgotPassword: ['public', []],
  confirmForgotPassword: ['public', []],
  changeMyPassword: ['self', ALL],
  createImport: ['institution', ADMIN],
  startImport: ['institution', ADMIN],
  getImport: ['institution', ADMIN],
  listImportProblems: ['institution', ADMIN],
  createLot: ['any', OPS],
  listLots: ['any', OPS],
  getLot: ['any', OPS],
  rescheduleLot: ['any', OPS],
  cancelLot: ['any', OPS],
  getLotProgress: ['any', OPS],
  getInstitutionProgress: ['institution', ADMIN],
  exportInstitutionMembers: ['institution', ADMIN],
  startLateRequest: ['public', []],
  verifyLateRequest: ['public', []],
  listLateRequests: ['institution', ADMIN],
  decideLateRequest: ['institution', ADMIN],
  fileResetRequest: ['institution', ['officer']],
  approveResetRequest: ['institution', ['approver']],
  rejectResetRequest: ['institution', ['approver']],
  getResetRequest: ['institution', RESETS],
  listResetRequests: ['institution', RESETS],
  getForwarding: ['machine', []],
  listForwardings: ['machine', []],
  exportForwardings: ['machine', []],
  exportGroups: ['machine', []],
  createGroup: ['institution', MOD],
  listInstitutionGroups: ['institution', MOD],
  getGroup: ['institution', MOD],
  updateGroup: ['institution', MOD],
  deleteGroup: ['institution', MOD],
  putGroupMember: ['institution', MOD],
  removeGroupMember: ['institution', MOD],
  requestToJoinGroup: ['self', ['staff']],
  listGroupJoinRequests: ['institution', MOD],
  decideGroupJoinRequest: ['institution', MOD],
  supportVerifyCode: ['institution', SUP],
  supportGetMember: ['institution', SUP],
  supportMemberAudit: ['institution', SUP],
  supportUnlockMember: ['institution', SUP],
  supportResetPassword: ['institution', SUP],
  registerSharedMailbox: ['any', OPS],
  listSharedMailboxes: ['institution', SUP],
  supportGetDelegation: ['institution', SUP],
  supportSetDelegation: ['institution', SUP],
  supportProgressReport: ['institution', SUP],
  // Reports (R3) and audit queries (R2).
  deliveryReport: ['institution', ['operator', 'school-admin', 'support']],
  passwordExpiryReport: ['institution', ['operator', 'school-admin', 'support']],
  queryAudit: ['institution', ADMIN],
  exportAudit: ['institution', ADMIN],
  verifyAudit: ['any', OPS],
  searchMembers: ['institution', ['support', 'officer', 'approver', 'school-admin', 'operator']],
  findUser: ['any', OPS],
  grantRole: ['any', OPS],
  revokeRole: ['any', OPS],
  listRoleAssignments: ['any', OPS],
};

/** The callers: one per role in OWN001 (region NORTH), and support twice: all, and region NORTH only. */
type Who = Role | 'support-north';
const scopeOf: Record<Who, Partial<Scope>> = {
  staff: { institution: 'OWN001', region: 'NORTH' },
  'school-admin': { institution: 'OWN001', region: 'NORTH' },
  officer: { institution: 'OWN001', region: 'NORTH' },
  approver: { institution: 'OWN001', region: 'NORTH' },
  moderator: { institution: 'OWN001', region: 'NORTH' },
  operator: {},
  support: { support: 'all' },
  'support-north': { support: { regions: ['NORTH'] } },
};
const roleOf = (who: Who): Role => (who === 'support-north' ? 'support' : who);
const caller = (who: Who): Caller => ({
  sub: `sub-${who}`,
  roles: [roleOf(who)],
  scope: { institution: null, region: null, ...scopeOf[who] },
});

/** The targets of an institution route, and which callers reach each (by hand). */
const TARGETS = {
  own: { institution: 'OWN001', region: 'NORTH' },
  sameRegion: { institution: 'OTHER01', region: 'NORTH' },
  otherRegion: { institution: 'FAR0001', region: 'SOUTH' },
  unknownRegion: { institution: 'NEW0001', region: null },
} as const;
const REACH: Record<Who, Array<keyof typeof TARGETS>> = {
  staff: ['own'],
  'school-admin': ['own'],
  officer: ['own'],
  approver: ['own'],
  moderator: ['own'],
  operator: ['own', 'sameRegion', 'otherRegion', 'unknownRegion'],
  support: ['own', 'sameRegion', 'otherRegion', 'unknownRegion'],
  'support-north': ['own', 'sameRegion'],
};
const WHO = Object.keys(scopeOf) as Who[];

describe('the authorization table', () => {
  it('lists exactly the routes of the catalog, with their rule and roles', () => {
    expect(ROUTES.map((r) => r.id).sort()).toEqual(Object.keys(TABLE).sort());
    for (const route of ROUTES) {
      const [rule, roles] = TABLE[route.id] as [Rule, Role[]];
      expect({ id: route.id, rule: route.rule ?? 'public', roles: [...(route.allow ?? [])].sort() }).toEqual({
        id: route.id,
        rule,
        roles: [...roles].sort(),
      });
    }
  });

  it('knows every role of the deployment', () => {
    expect([...ROLES].sort()).toEqual([...ALL].sort());
  });

  for (const [routeId, [rule, roles]] of Object.entries(TABLE)) {
    describe(`${routeId} (${rule})`, () => {
      for (const who of WHO) {
        const mayCall = rule === 'public' || (rule !== 'machine' && roles.includes(roleOf(who)));
        it(`${who} ${mayCall ? 'may' : 'may not'} call it`, () => {
          const decision = authorize(routeId, caller(who));
          expect(decision.allowed).toBe(mayCall);
          if (!mayCall) expect(decision).toEqual({ allowed: false, code: rule === 'machine' ? 'machine_only' : 'role_not_allowed' });
        });
        if (!mayCall) continue;

        if (rule === 'institution') {
          for (const [name, target] of Object.entries(TARGETS) as Array<[keyof typeof TARGETS, (typeof TARGETS)[keyof typeof TARGETS]]>) {
            const reaches = REACH[who].includes(name);
            it(`${who} ${reaches ? 'reaches' : 'does not reach'} the ${name} institution`, () => {
              expect(authorize(routeId, caller(who), target)).toEqual(
                reaches ? { allowed: true } : { allowed: false, code: 'institution_out_of_scope' },
              );
            });
          }
          if (who !== 'operator') {
            it(`${who} with no scope on record is refused (no_scope)`, () => {
              const none = { ...caller(who), scope: { institution: null, region: null } };
              expect(authorize(routeId, none, TARGETS.own)).toEqual({ allowed: false, code: 'no_scope' });
            });
          }
        }
        if (rule === 'self') {
          it(`${who} acts on their own account only`, () => {
            expect(authorize(routeId, caller(who), { sub: `sub-${who}` })).toEqual({ allowed: true });
            expect(authorize(routeId, caller(who), { sub: 'someone-else' })).toEqual({ allowed: false, code: 'not_self' });
          });
        }
        if (rule === 'any') {
          it(`${who} acts deployment-wide (any institution)`, () => {
            expect(authorize(routeId, caller(who), TARGETS.otherRegion)).toEqual({ allowed: true });
          });
        }
      }
    });
  }

  it('refuses a route it does not know', () => {
    expect(authorize('noSuchRoute', caller('operator'))).toEqual({ allowed: false, code: 'route_unknown' });
  });
});

describe('a route without a declared rule fails the build', () => {
  const route = (r: Partial<RouteDef>): RouteDef => ({
    id: 'x',
    method: 'GET',
    path: '/x',
    handler: 'x.ts',
    auth: 'jwt',
    summary: 'x',
    tag: 'x',
    ...r,
  });

  it('every jwt and machine route of the catalog declares a rule that fits its auth', () => {
    expect(routesWithoutRule(ROUTES)).toEqual([]);
  });

  it('names a jwt route without a rule, a machine route with a staff rule, a jwt route without roles', () => {
    const routes = [
      route({ id: 'noRule', allow: ['operator'] }),
      route({ id: 'machineAsAny', auth: 'machine', rule: 'any' }),
      route({ id: 'noRoles', rule: 'institution' }),
      route({ id: 'fine', rule: 'institution', allow: ['operator'] }),
      route({ id: 'open', auth: 'public' }),
    ];
    expect(routesWithoutRule(routes)).toEqual(['noRule', 'machineAsAny', 'noRoles']);
    expect(() => assertRouteRules(routes)).toThrow(/noRule, machineAsAny, noRoles/);
    expect(authorize('noRule', caller('operator'), undefined, routes)).toEqual({ allowed: false, code: 'rule_missing' });
  });
});
