import { describe, expect, it } from 'vitest';
import { assertRouteRules } from '../../infra/build-app';
import { type Grant, isAllowed, type PolicyPrincipal, routesWithoutRule } from '../../shared/auth/policy';
import { ROLES, ROUTES, type Role, type RouteDef } from '../../shared/catalog';

/*
 * The authorization table, written by hand: who may call each route and on what, as the one
 * policy (`isAllowed`, shared/auth/policy.ts) decides it. It is NOT read from the catalog, so
 * changing a route's roles or rule in either place fails this test until the other agrees. A new
 * route must be added here too. (test/unit/cross-institution-table.test.ts is the generated
 * counterpart: every route, every role, a target in another institution.)
 */
const ALL: Role[] = ['staff', 'school-admin', 'officer', 'approver', 'support', 'operator', 'moderator', 'auditor'];
const ADMIN: Role[] = ['operator', 'school-admin'];
const OPS: Role[] = ['operator'];
const MOD: Role[] = ['moderator', 'operator'];
const SUP: Role[] = ['support', 'operator'];
const RESETS: Role[] = ['officer', 'approver', 'operator'];
/** The read-only auditor: the audit read routes, the institution registry (and, like everyone, its own account), nothing that writes. */
const AUDIT_READ: Role[] = ['operator', 'school-admin', 'auditor'];

type Rule = 'public' | 'machine' | 'self' | 'any' | 'institution';
const TABLE: Record<string, [Rule, Role[]]> = {
  health: ['public', []],
  openapi: ['public', []],
  getProfile: ['public', []],
  getMe: ['self', ALL],
  sendActivationNotices: ['institution', ADMIN],
  reopenActivationWindow: ['institution', ADMIN],
  confirmChannelChange: ['any', OPS],
  startActivation: ['public', []],
  confirmActivation: ['public', []],
  forgotPassword: ['public', []],
  confirmForgotPassword: ['public', []],
  changeMyPassword: ['self', ALL],
  setMyAlternateEmail: ['self', ['staff']],
  verifyMyAlternateEmail: ['self', ['staff']],
  removeMyAlternateEmail: ['self', ['staff']],
  createImport: ['institution', ADMIN],
  startImport: ['institution', ADMIN],
  resumeImport: ['any', OPS],
  getImport: ['institution', ADMIN],
  listImportProblems: ['institution', ADMIN],
  getImportFormat: ['any', ADMIN],
  getImportTemplate: ['any', ADMIN],
  exportImportProblems: ['institution', ADMIN],
  putInstitution: ['any', OPS],
  registerInstitutions: ['any', OPS],
  listInstitutions: ['institution', ['school-admin', 'officer', 'approver', 'support', 'operator', 'moderator', 'auditor']],
  createLot: ['any', OPS],
  listLots: ['any', OPS],
  getLot: ['any', OPS],
  rescheduleLot: ['any', OPS],
  cancelLot: ['any', OPS],
  resumeLot: ['any', OPS],
  getLotProgress: ['any', OPS],
  getInstitutionProgress: ['institution', ADMIN],
  getInstitutionProgressHistory: ['institution', ADMIN],
  exportInstitutionMembers: ['institution', ADMIN],
  startLateRequest: ['public', []],
  verifyLateRequest: ['public', []],
  lateRequestStatus: ['public', []],
  listLateRequests: ['institution', ADMIN],
  decideLateRequest: ['institution', ADMIN],
  fileResetRequest: ['institution', ['officer']],
  approveResetRequest: ['institution', ['approver']],
  rejectResetRequest: ['institution', ['approver']],
  getResetRequest: ['institution', RESETS],
  listResetRequests: ['institution', RESETS],
  openFormScanUpload: ['institution', ['officer']],
  confirmFormScan: ['institution', ['officer']],
  getFormScan: ['institution', RESETS],
  registerInstitutionMailbox: ['institution', ['officer', 'operator']],
  listInstitutionMailboxes: ['institution', ['officer', 'approver', 'school-admin', 'operator']],
  getInstitutionMailbox: ['institution', ['officer', 'approver', 'school-admin', 'operator']],
  fileResponsibleChange: ['institution', ['officer', 'operator']],
  approveResponsibleChange: ['institution', RESETS],
  rejectResponsibleChange: ['institution', RESETS],
  listResponsibleChanges: ['institution', RESETS],
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
  requestToJoinGroup: ['institution', ['staff']],
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
  queryAudit: ['institution', AUDIT_READ],
  exportAudit: ['institution', AUDIT_READ],
  verifyAudit: ['any', ['operator', 'auditor']],
  searchMembers: ['institution', ['support', 'officer', 'approver', 'school-admin', 'operator']],
  findUser: ['any', OPS],
  grantRole: ['any', OPS],
  revokeRole: ['any', OPS],
  listRoleAssignments: ['any', OPS],
  listPhoneUpdates: ['institution', ADMIN],
  exportPhoneUpdates: ['institution', ADMIN],
  createMessage: ['institution', ADMIN],
  listMessages: ['institution', ADMIN],
  getMessage: ['institution', ADMIN],
  previewMessage: ['institution', ADMIN],
  sendMessage: ['institution', ADMIN],
  approveMessage: ['any', OPS],
  cancelMessage: ['institution', ADMIN],
};

/** The callers: one per role in OWN001 (region NORTH), and support twice: all, and region NORTH only. */
type Who = Role | 'support-north';
const grantOf: Record<Who, Grant> = {
  staff: { role: 'staff', institution: 'OWN001' },
  'school-admin': { role: 'school-admin', institution: 'OWN001' },
  officer: { role: 'officer', institution: 'OWN001' },
  approver: { role: 'approver', institution: 'OWN001' },
  moderator: { role: 'moderator', institution: 'OWN001' },
  operator: { role: 'operator', institution: null },
  auditor: { role: 'auditor', institution: null },
  support: { role: 'support', institution: null, support: 'all' },
  'support-north': { role: 'support', institution: null, support: { regions: ['NORTH'] } },
};
const roleOf = (who: Who): Role => grantOf[who].role;
const caller = (who: Who): PolicyPrincipal => ({ sub: `sub-${who}`, grants: [grantOf[who]] });

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
  auditor: ['own', 'sameRegion', 'otherRegion', 'unknownRegion'],
  support: ['own', 'sameRegion', 'otherRegion', 'unknownRegion'],
  'support-north': ['own', 'sameRegion'],
};
const WHO = Object.keys(grantOf) as Who[];

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
          const decision = isAllowed(caller(who), routeId);
          expect(decision.allowed).toBe(mayCall);
          if (!mayCall) expect(decision).toEqual({ allowed: false, code: rule === 'machine' ? 'machine_only' : 'role_not_allowed' });
        });
        if (!mayCall) continue;

        if (rule === 'institution') {
          for (const [name, target] of Object.entries(TARGETS) as Array<[keyof typeof TARGETS, (typeof TARGETS)[keyof typeof TARGETS]]>) {
            const reaches = REACH[who].includes(name);
            it(`${who} ${reaches ? 'reaches' : 'does not reach'} the ${name} institution`, () => {
              expect(isAllowed(caller(who), routeId, target)).toEqual(
                reaches ? { allowed: true } : { allowed: false, code: 'institution_out_of_scope' },
              );
            });
          }
          const everywhere = who === 'operator' || who === 'auditor' || who === 'support';
          it(`${who} ${everywhere ? 'reaches' : 'does not reach'} every institution at once`, () => {
            expect(isAllowed(caller(who), routeId, { everywhere: true }).allowed).toBe(everywhere);
          });
          if (who !== 'operator' && who !== 'auditor') {
            it(`${who} holding the role nowhere (no institution, no reach) is refused (no_scope)`, () => {
              const none: PolicyPrincipal = { sub: 'x', grants: [{ role: roleOf(who), institution: null }] };
              expect(isAllowed(none, routeId, TARGETS.own)).toEqual({ allowed: false, code: 'no_scope' });
            });
          }
        }
        if (rule === 'self') {
          it(`${who} acts on their own account only`, () => {
            expect(isAllowed(caller(who), routeId, { sub: `sub-${who}` })).toEqual({ allowed: true });
            expect(isAllowed(caller(who), routeId, { sub: 'someone-else' })).toEqual({ allowed: false, code: 'not_self' });
          });
        }
        if (rule === 'any') {
          it(`${who} acts deployment-wide (any institution)`, () => {
            expect(isAllowed(caller(who), routeId, TARGETS.otherRegion)).toEqual({ allowed: true });
          });
        }
      }
    });
  }

  it('keeps the auditor read-only: the audit reads, the institution registry and its own account, nothing else', () => {
    const admitting = ROUTES.filter((r) => r.allow?.includes('auditor')).map((r) => r.id);
    expect(admitting.sort()).toEqual(['changeMyPassword', 'exportAudit', 'getMe', 'listInstitutions', 'queryAudit', 'verifyAudit']);
  });

  it('refuses a route it does not know, and a caller who holds nothing', () => {
    expect(isAllowed(caller('operator'), 'noSuchRoute')).toEqual({ allowed: false, code: 'route_unknown' });
    expect(isAllowed({ sub: 'x', grants: [] }, 'getMe')).toEqual({ allowed: false, code: 'role_not_allowed' });
  });
});

describe('several (role, institution) pairs: each role counts only where it is held', () => {
  // School admin of OWN001, moderator of OTHER01, officer of FAR0001: one person.
  const many: PolicyPrincipal = {
    sub: 'sub-many',
    grants: [
      { role: 'school-admin', institution: 'OWN001' },
      { role: 'moderator', institution: 'OTHER01' },
      { role: 'officer', institution: 'FAR0001' },
    ],
  };
  const where = (routeId: string) =>
    Object.values(TARGETS)
      .filter((t) => isAllowed(many, routeId, t).allowed)
      .map((t) => t.institution);

  it.each(
    Object.entries(TABLE)
      .filter(([, [rule]]) => rule === 'institution')
      .map(([id, [, roles]]) => [id, roles] as const),
  )('%s: reached exactly where a role it admits is held', (routeId, roles) => {
    const expected = many.grants.filter((g) => roles.includes(g.role)).map((g) => g.institution);
    expect(where(routeId).sort()).toEqual(expected.sort());
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
    expect(isAllowed(caller('operator'), 'noRule', undefined, routes)).toEqual({ allowed: false, code: 'rule_missing' });
  });
});
